# berth/runner: the stack plus the runtime libraries apps need, and the unprivileged user `app`.
ARG STACK=berth/stack:latest
FROM ${STACK}
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      ca-certificates curl libssl3 libpq5 libffi8 tzdata python3 python3-venv nginx \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --uid 1000 --create-home --home-dir /app --shell /bin/bash app
COPY berth-run /usr/local/bin/berth-run
ENV HOME=/app LANG=C.UTF-8 STACK=berth
WORKDIR /app
USER app
ENTRYPOINT ["/usr/local/bin/berth-run"]
