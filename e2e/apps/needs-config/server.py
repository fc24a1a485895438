# The needs-config sample: a web process that will not start without the config vars named in
# REQUIRE (default NEEDED), as apps that need a database URL do; a *_URL var must also answer a
# TCP connection. Then it serves "ok" and which vars it had.
import http.server
import os
import socket
import sys
from urllib.parse import urlparse

required = [v for v in os.environ.get("REQUIRE", "NEEDED").split(",") if v]
for name in required:
    value = os.environ.get(name)
    if not value:
        print(f"missing {name}: set it with config:set", flush=True)
        sys.exit(1)
    if name.endswith("_URL"):
        url = urlparse(value)
        try:
            socket.create_connection((url.hostname, url.port), timeout=5).close()
        except OSError as err:
            print(f"{name} does not answer at {url.hostname}:{url.port}: {err}", flush=True)
            sys.exit(1)


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = ("ok " + " ".join(f"{n}={'set' if n.endswith('_URL') else os.environ[n]}" for n in required) + "\n").encode()
        self.send_response(200)
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


http.server.ThreadingHTTPServer(("", int(os.environ["PORT"])), Handler).serve_forever()
