"""Writes a value through each add-on URL in the environment and reads it back.

GET /check?value=V  -> JSON: for REDIS_URL, DATABASE_URL (postgres) and MYSQL_URL, whether V
                       written through the URL read back; for REDIS_REPLICA_URLS, whether each
                       replica sees it.
"""
import json
import os
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlparse

import psycopg2
import pymysql
import redis


def check_redis(value):
    primary = redis.Redis.from_url(os.environ["REDIS_URL"], socket_timeout=5)
    primary.set("sample", value)
    result = {"redis": primary.get("sample").decode() == value}
    replicas = [u for u in os.environ.get("REDIS_REPLICA_URLS", "").split(",") if u]
    if replicas:
        seen = []
        for url in replicas:
            replica = redis.Redis.from_url(url, socket_timeout=5)
            deadline = time.time() + 5  # replication is asynchronous
            while replica.get("sample") != value.encode() and time.time() < deadline:
                time.sleep(0.1)
            seen.append(replica.get("sample") == value.encode())
        result["replicas"] = seen
    return result


def check_postgres(value):
    with psycopg2.connect(os.environ["DATABASE_URL"], connect_timeout=5) as conn, conn.cursor() as cur:
        cur.execute("CREATE TABLE IF NOT EXISTS sample (v text)")
        cur.execute("INSERT INTO sample VALUES (%s)", (value,))
        cur.execute("SELECT count(*) FROM sample WHERE v = %s", (value,))
        return {"postgres": cur.fetchone()[0] == 1}


def check_mysql(value):
    url = urlparse(os.environ["MYSQL_URL"])
    conn = pymysql.connect(host=url.hostname, port=url.port or 3306, user=unquote(url.username),
                           password=unquote(url.password), database=url.path.lstrip("/"),
                           connect_timeout=5, autocommit=True)
    with conn, conn.cursor() as cur:
        cur.execute("CREATE TABLE IF NOT EXISTS sample (v varchar(200))")
        cur.execute("INSERT INTO sample VALUES (%s)", (value,))
        cur.execute("SELECT count(*) FROM sample WHERE v = %s", (value,))
        return {"mysql": cur.fetchone()[0] == 1}


CHECKS = {"REDIS_URL": check_redis, "DATABASE_URL": check_postgres, "MYSQL_URL": check_mysql}


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        url = urlparse(self.path)
        if url.path != "/check":
            return self.reply(200, {"ok": True})
        value = parse_qs(url.query).get("value", ["x"])[0]
        result = {}
        for var, check in CHECKS.items():
            if var in os.environ:
                try:
                    result.update(check(value))
                except Exception as err:  # reported, so the test shows why
                    result[var] = f"{type(err).__name__}: {err}"
        self.reply(200, result)

    def reply(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


ThreadingHTTPServer(("0.0.0.0", int(os.environ.get("PORT", "5000"))), Handler).serve_forever()
