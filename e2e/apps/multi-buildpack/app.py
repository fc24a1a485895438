import os
import shutil
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer

PAGE = open("page.txt", encoding="utf-8").read()
# the Node.js buildpack's .profile.d puts its node on PATH for every process
NODE = "node on PATH" if shutil.which("node") else "no node on PATH"


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        body = f"{PAGE}; served by python {sys.version_info.major}.{sys.version_info.minor} ({NODE})\n".encode()
        self.send_response(200)
        self.send_header("content-type", "text/plain")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


HTTPServer(("0.0.0.0", int(os.environ["PORT"])), Handler).serve_forever()
