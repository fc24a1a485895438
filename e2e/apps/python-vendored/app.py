import os
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer
from importlib.metadata import version

import tinygreet

WHERE = os.path.dirname(os.path.dirname(tinygreet.__file__))


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        body = (
            f"{tinygreet.greet('berth')} from tinygreet {version('tinygreet')}"
            f" on python {sys.version_info.major}.{sys.version_info.minor}, installed in {WHERE}\n"
        ).encode()
        self.send_response(200)
        self.send_header("content-type", "text/plain")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


HTTPServer(("0.0.0.0", int(os.environ["PORT"])), Handler).serve_forever()
