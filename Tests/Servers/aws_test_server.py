#!/usr/bin/env python3
"""The test suite's own AWS-like server on 127.0.0.1, for what moto cannot do.

usage: aws_test_server.py PORT SCENARIO.json [CERTIFICATE.pem KEY.pem]
With a certificate and key it serves HTTPS.

The scenario says, per X-Amz-Target operation name, how to answer successive calls:
a list of steps, the last repeating. A step is one of
  {"ok": {...json...}}                 200 with that body
  {"status": 500, "code": "X", "message": "m"}   an AWS JSON error
  {"drop": true}                       send half the headers and close the connection
  {"hang": seconds}                    answer nothing for that long
  {"malformed": true}                  200 with a body that is not JSON
  {"contentType": "text/html"}         200 with HTML
  {"tasks": N, "pageSize": P}          ListTasks / DescribeTasks over N tasks, paged
and for credential endpoints, by path:
  "/creds" -> {"ok": {...}}, "/latest/api/token" etc.
GET /__calls answers the calls counted per operation (and path).
"""
import json
import ssl
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT = int(sys.argv[1])
SCENARIO = json.load(open(sys.argv[2]))
CALLS = {}
LOCK = threading.Lock()


def next_step(name):
    with LOCK:
        count = CALLS.get(name, 0)
        CALLS[name] = count + 1
    steps = SCENARIO.get(name)
    if steps is None:
        return None
    if isinstance(steps, dict):
        return steps
    return steps[min(count, len(steps) - 1)]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send_json(self, status, body, content_type="application/x-amz-json-1.1"):
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("x-amzn-RequestId", "test-request-%d" % int(time.time() * 1000))
        self.end_headers()
        self.wfile.write(data)

    def answer(self, step, request):
        if step is None:
            self.send_json(400, {"__type": "UnknownOperationException", "message": "not in the scenario"})
        elif "ok" in step:
            self.send_json(200, step["ok"])
        elif "status" in step:
            self.send_json(step["status"], {"__type": step.get("code", "InternalError"), "message": step.get("message", "")})
        elif "drop" in step:
            self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n{\"partial\":")
            self.wfile.flush()
            self.close_connection = True
        elif "hang" in step:
            time.sleep(step["hang"])
            self.close_connection = True
        elif "malformed" in step:
            self.send_json(200, b"{\"taskArns\": [unterminated")
        elif "contentType" in step:
            self.send_json(200, b"<html>maintenance</html>", step["contentType"])
        elif "tasks" in step:
            self.page(step, request)

    def page(self, step, request):
        total, size = step["tasks"], step.get("pageSize", 100)
        operation = self.headers.get("X-Amz-Target", "").split(".")[-1]
        if operation == "ListTasks":
            limit = min(request.get("maxResults", size), size)
            start = int(request.get("nextToken") or 0)
            arns = ["arn:aws:ecs:us-east-1:123456789012:task/onprem/%032x" % i for i in range(start, min(start + limit, total))]
            body = {"taskArns": arns}
            if start + limit < total:
                body["nextToken"] = str(start + limit)
            self.send_json(200, body)
        else:
            arns = request.get("tasks", [])
            if len(arns) > 100:
                self.send_json(400, {"__type": "InvalidParameterException", "message": "at most 100 tasks"})
                return
            self.send_json(200, {"tasks": [{"taskArn": arn, "lastStatus": "RUNNING", "launchType": "EXTERNAL"} for arn in arns], "failures": []})

    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        body = self.rfile.read(length) if length else b""
        target = self.headers.get("X-Amz-Target", "")
        name = target.split(".")[-1] if target else self.path
        try:
            request = json.loads(body or b"{}")
        except ValueError:
            request = {}
        self.answer(next_step(name), request)

    def do_PUT(self):
        self.do_GET()

    def do_GET(self):
        if self.path == "/__calls":
            with LOCK:
                self.send_json(200, CALLS)
            return
        step = next_step(self.path)
        if step is not None and "text" in step:
            expected = step.get("requireHeader")
            if expected and self.headers.get(expected[0]) != expected[1]:
                self.send_json(401, {"message": "missing or wrong %s" % expected[0]})
                return
            data = step["text"].encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            return
        if step is not None and "requireHeader" in step:
            name, value = step["requireHeader"]
            if self.headers.get(name) != value:
                self.send_json(401, {"message": "missing or wrong %s" % name})
                return
        self.answer(step, {})


server = ThreadingHTTPServer(("127.0.0.1", PORT), Handler)
server.daemon_threads = True
if len(sys.argv) > 4:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(sys.argv[3], sys.argv[4])
    server.socket = context.wrap_socket(server.socket, server_side=True)
print("listening on %d" % PORT, flush=True)
server.serve_forever()
