import os
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

READY = os.environ.get("READY", "1") != "0"


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        if self.path == "/ready":
            status, body = 200, "status: ok" if READY else "status: starting"
        elif self.path == "/ping":
            status, body = 200, "pong"
        else:
            status, body = 404, "not found"
        data = (body + "\n").encode()
        self.send_response(status)
        self.send_header("content-type", "text/plain")
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


ThreadingHTTPServer(("0.0.0.0", int(os.environ["PORT"])), Handler).serve_forever()
