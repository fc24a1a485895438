# The autoscaling sample: one request at a time (no threads), each taking 100 ms, so its response
# time grows with the requests waiting: two clients at once see ~200 ms on one container, less on
# two. Answers with its container's name, so a test can see the requests spread.
import http.server
import os
import time

class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        time.sleep(0.1)
        body = (os.environ.get("DYNO", "?") + "\n").encode()
        self.send_response(200)
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass

http.server.HTTPServer(("", int(os.environ["PORT"])), Handler).serve_forever()
