# berth/builder: the stack plus the tools buildpacks compile with.
ARG STACK=berth/stack:latest
FROM ${STACK}
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      build-essential git curl ca-certificates python3 python3-venv python3-dev python3-pip \
      nodejs npm jq xz-utils unzip pkg-config libssl-dev libpq-dev libffi-dev golang-go nginx \
 && rm -rf /var/lib/apt/lists/*
ENV STACK=berth LANG=C.UTF-8
