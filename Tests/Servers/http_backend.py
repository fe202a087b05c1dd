"""A small HTTP backend for the Envoy tests, on 127.0.0.1.

Usage: http_backend.py PORT NAME

Every request gets a JSON answer naming this backend and echoing the method, path and
headers, so a test can see which backend served it and what Envoy added
(x-forwarded-client-cert, x-envoy-*). Paths:
  /status/CODE        answers with that status
  /flaky/N/KEY        fails with 503 the first N times KEY is asked for, then answers 200
Prints "listening on PORT" when ready.
"""
import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

port, name = int(sys.argv[1]), sys.argv[2]
failures = {}
lock = threading.Lock()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer(self):
        status = 200
        parts = self.path.split("?")[0].strip("/").split("/")
        if parts[0] == "status" and len(parts) > 1 and parts[1].isdigit():
            status = int(parts[1])
        elif parts[0] == "flaky" and len(parts) > 2 and parts[1].isdigit():
            with lock:
                seen = failures.get(parts[2], 0)
                failures[parts[2]] = seen + 1
            if seen < int(parts[1]):
                status = 503
        length = int(self.headers.get("content-length") or 0)
        if length:
            self.rfile.read(length)
        body = json.dumps({
            "backend": name, "method": self.command, "path": self.path,
            "headers": {key.lower(): value for key, value in self.headers.items()},
        }).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = do_DELETE = answer


server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
print(f"listening on {port}", flush=True)
server.serve_forever()
