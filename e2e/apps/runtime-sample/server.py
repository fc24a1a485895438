import os
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# FAIL_HEALTH=1 makes every answer a 500: a release whose web process never passes its check.
FAILING = os.environ.get("FAIL_HEALTH") == "1"


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        with open("/app/body.txt") as f:
            body = f.read().strip()
        text = f"{body} greeting={os.environ.get('GREETING', '(unset)')} dyno={os.environ.get('DYNO')}\n"
        data = text.encode()
        self.send_response(500 if FAILING else 200)
        self.send_header("content-type", "text/plain")
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


ThreadingHTTPServer(("0.0.0.0", int(os.environ["PORT"])), Handler).serve_forever()
