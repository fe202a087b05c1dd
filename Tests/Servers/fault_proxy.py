#!/usr/bin/env python3
"""A fault-injecting HTTP proxy of the test suite's own, on 127.0.0.1, in front of an AWS-like
server (moto). Requests pass through unchanged (the Host header too, so signatures still
check), except where the fault schedule says otherwise.

usage: fault_proxy.py PORT UPSTREAM_PORT SCHEDULE.json

The schedule is a list of faults for successive requests, the last repeating; a fault is
  "pass"               forward, answer as upstream did
  "drop"               close the connection without answering
  "reset"              abort the connection (TCP RST)
  "delay:SECONDS"      wait, then forward
  "truncate"           forward, then send half the answer's body and close
  "500"                answer 500 InternalFailure without forwarding
  "503"                answer 503 ServiceUnavailable without forwarding
  "throttle"           answer 400 ThrottlingException without forwarding
GET /__proxy answers {"requests": N, "forwarded": M, "connections": C} (not counted), C
being the client connections that carried requests.
Prints "listening on PORT" when ready.
"""
import http.client
import json
import socket
import struct
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT, UPSTREAM = int(sys.argv[1]), int(sys.argv[2])
SCHEDULE = json.load(open(sys.argv[3]))
LOCK = threading.Lock()
COUNTS = {"requests": 0, "forwarded": 0, "connections": 0}


def next_fault():
    with LOCK:
        index = COUNTS["requests"]
        COUNTS["requests"] += 1
    return SCHEDULE[min(index, len(SCHEDULE) - 1)] if SCHEDULE else "pass"


class Proxy(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer(self, status, body, headers=()):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/x-amz-json-1.1")
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def forward(self, body):
        upstream = http.client.HTTPConnection("127.0.0.1", UPSTREAM, timeout=30)
        headers = {name: value for name, value in self.headers.items()}
        upstream.putrequest(self.command, self.path, skip_host=True, skip_accept_encoding=True)
        for name, value in headers.items():
            upstream.putheader(name, value)
        upstream.endheaders(body)
        response = upstream.getresponse()
        data = response.read()
        upstream.close()
        with LOCK:
            COUNTS["forwarded"] += 1
        return response.status, response.getheaders(), data

    def do_GET(self):
        if self.path == "/__proxy":
            with LOCK:
                self.answer(200, dict(COUNTS))
            return
        self.handle_request()

    def do_POST(self):
        self.handle_request()

    def handle_request(self):
        # One handler per connection: count it with its first request.
        if not getattr(self, "counted", False):
            self.counted = True
            with LOCK:
                COUNTS["connections"] += 1
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        fault = next_fault()
        if fault == "drop":
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        if fault == "reset":
            self.close_connection = True
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
            return
        if fault in ("500", "503"):
            self.answer(int(fault), {"__type": "InternalFailure" if fault == "500" else "ServiceUnavailable", "message": "injected"})
            return
        if fault == "throttle":
            self.answer(400, {"__type": "ThrottlingException", "message": "Rate exceeded"})
            return
        if fault.startswith("delay:"):
            time.sleep(float(fault.split(":", 1)[1]))
        status, headers, data = self.forward(body)
        self.send_response(status)
        for name, value in headers:
            if name.lower() not in ("content-length", "transfer-encoding", "connection", "server", "date"):
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        if fault == "truncate":
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(data[: len(data) // 2])
            self.wfile.flush()
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        self.end_headers()
        self.wfile.write(data)


server = ThreadingHTTPServer(("127.0.0.1", PORT), Proxy)
server.daemon_threads = True
print(f"listening on {PORT}", flush=True)
server.serve_forever()
