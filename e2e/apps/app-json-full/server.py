# The app.json sample: / always answers 503, so only app.json's health check (/ready) lets it
# deploy; /info shows what app.json set up (config defaults, a generated secret, the Redis add-on).
import json
import os
import socket
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlparse


def redis_ping():
    url = urlparse(os.environ.get("REDIS_URL", ""))
    if not url.hostname:
        return "no REDIS_URL"
    try:
        with socket.create_connection((url.hostname, url.port or 6379), timeout=3) as s:
            s.sendall(f"AUTH {url.password}\r\nPING\r\n".encode())
            answer = b""
            while answer.count(b"\r\n") < 2:
                chunk = s.recv(64)
                if not chunk:
                    break
                answer += chunk
            return answer.decode().split("\r\n")[1].lstrip("+")
    except OSError as e:
        return f"error: {e}"


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        if self.path == "/ready":
            status, body = 200, "ready\n"
        elif self.path == "/info":
            secret = os.environ.get("SECRET_TOKEN", "")
            info = {
                "greeting": os.environ.get("GREETING"),
                "userSet": os.environ.get("USER_SET"),
                "required": os.environ.get("REQUIRED_KEY"),
                "secretLength": len(secret),
                "redis": redis_ping(),
                "dyno": os.environ.get("DYNO"),
            }
            status, body = 200, json.dumps(info, sort_keys=True) + "\n"
        else:
            status, body = 503, "not this path: the health check is /ready\n"
        data = body.encode()
        self.send_response(status)
        self.send_header("content-type", "text/plain")
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


ThreadingHTTPServer(("0.0.0.0", int(os.environ["PORT"])), Handler).serve_forever()
