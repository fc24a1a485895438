# Prints `tick <dyno> <n> <unix ms>` every TICK_MS milliseconds (every fifth line on stderr; 0 =
# none), N lines at once on GET /burst?n=N, and with --flood FLOOD_LINES lines as fast as it can
# at start (bench/logs); serves HTTP on PORT unless --no-http, answering with the X-Request-ID it got.
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

DYNO = os.environ.get("DYNO", "?")
INTERVAL = int(os.environ.get("TICK_MS", "100")) / 1000
lock = threading.Lock()
count = 0


def say(text, err=False):
    global count
    with lock:
        count += 1
        stream = sys.stderr if err else sys.stdout
        stream.write(f"{text}\n")
        stream.flush()


def tick():
    n = 0
    while True:
        n += 1
        say(f"tick {DYNO} {n} {int(time.time() * 1000)}", err=n % 5 == 0)
        time.sleep(INTERVAL)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        url = urlparse(self.path)
        if url.path == "/burst":
            n = int(parse_qs(url.query).get("n", ["100"])[0])
            for i in range(n):
                say(f"burst {DYNO} {i + 1} {int(time.time() * 1000)}")
        body = f"ok {DYNO}\n".encode()
        self.send_response(200)
        self.send_header("content-type", "text/plain")
        self.send_header("content-length", str(len(body)))
        # The router's request id, so a test can find this request's router line.
        self.send_header("x-seen-request-id", self.headers.get("x-request-id", ""))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def flood(lines):
    for i in range(lines):
        say(f"flood {DYNO} {i + 1} {int(time.time() * 1000)}")


if os.environ.get("TICK_MS", "100") != "0":
    threading.Thread(target=tick, daemon=True).start()
if "--flood" in sys.argv:
    threading.Thread(target=flood, args=(int(os.environ["FLOOD_LINES"]),), daemon=True).start()
if "--no-http" in sys.argv:
    threading.Event().wait()
else:
    ThreadingHTTPServer(("0.0.0.0", int(os.environ["PORT"])), Handler).serve_forever()
