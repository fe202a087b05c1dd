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
  {"answer": {"status": 404, "body": "", "contentType": "text/html", "headers": {...}}}
                                       exactly that answer: any status, body (text) and
                                       headers, as a proxy or a wrong endpoint gives
  {"tasks": N, "pageSize": P}          ListTasks / DescribeTasks over N tasks, paged
  {"fleet": {"tasks": N, "instances": M, "services": S}}
                                       an ECS Anywhere cluster "fleet" of N RUNNING tasks on
                                       M external instances, S services: answers ListTasks,
                                       DescribeTasks, ListContainerInstances,
                                       DescribeContainerInstances, ListServices,
                                       DescribeServices, DescribeTaskDefinition and SSM's
                                       DescribeInstanceInformation, paged as AWS pages them
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
        elif "answer" in step:
            answer = step["answer"]
            data = answer.get("body", "").encode()
            self.send_response(answer["status"])
            if "contentType" in answer:
                self.send_header("Content-Type", answer["contentType"])
            for name, value in answer.get("headers", {}).items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        elif "tasks" in step:
            self.page(step, request)
        elif "fleet" in step:
            self.fleet(step["fleet"], request)

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

    def fleet(self, fleet, request):
        """A synthetic ECS Anywhere cluster, with answers as large as real ones."""
        tasks, instances, services = fleet["tasks"], fleet["instances"], fleet["services"]
        prefix = "arn:aws:ecs:us-east-1:123456789012:"
        # IDs look random, as ECS's do, and map back to their index: i*A+B mod 2^128.
        A, B, M = 0x9E3779B97F4A7C15F39CC0605CEDC835, 0x5851F42D4C957F2D, 1 << 128
        task_id = lambda i: "%032x" % ((i * A + B) % M)
        task_arn = lambda i: prefix + "task/fleet/" + task_id(i)
        instance_arn = lambda i: prefix + "container-instance/fleet/" + task_id(i)
        service_arn = lambda i: prefix + "service/fleet/svc-%d" % i
        definition_arn = lambda i: prefix + "task-definition/svc-%d:1" % i
        index = lambda arn: (int(arn.rsplit("/", 1)[-1], 16) - B) * pow(A, -1, M) % M

        def paged(key, total, make):
            limit = min(request.get("maxResults", 100), 100)
            start = int(request.get("nextToken") or 0)
            body = {key: [make(i) for i in range(start, min(start + limit, total))]}
            if start + limit < total:
                body["nextToken"] = str(start + limit)
            return body

        def task(i):
            service, host = i % services, i % instances
            return {
                "taskArn": task_arn(i), "clusterArn": prefix + "cluster/fleet",
                "taskDefinitionArn": definition_arn(service), "containerInstanceArn": instance_arn(host),
                "lastStatus": "RUNNING", "desiredStatus": "RUNNING", "launchType": "EXTERNAL",
                "group": "service:svc-%d" % service, "startedBy": "ecs-svc/%019d" % service,
                "cpu": "256", "memory": "512", "version": 3, "connectivity": "CONNECTED",
                "createdAt": 1764057600.123, "startedAt": 1764057605.456, "pullStartedAt": 1764057601.0,
                "pullStoppedAt": 1764057604.0, "healthStatus": "HEALTHY", "enableExecuteCommand": False,
                "availabilityZone": "onprem-%d" % (host % 3), "attributes": [{"name": "ecs.cpu-architecture", "value": "x86_64"}],
                "tags": [{"key": "app", "value": "svc-%d" % service}, {"key": "team", "value": "team-%d" % (service % 7)}],
                "containers": [{
                    "containerArn": prefix + "container/fleet/%s/%s" % (task_id(i), task_id(i + tasks)),
                    "taskArn": task_arn(i), "name": "app", "image": "registry.local/svc-%d:1.4.2" % service,
                    "imageDigest": "sha256:%064x" % service, "runtimeId": "%064x" % i,
                    "lastStatus": "RUNNING", "healthStatus": "HEALTHY", "cpu": "256", "memory": "512",
                    "networkBindings": [{"bindIP": "0.0.0.0", "containerPort": 8080, "hostPort": 32768 + i // instances, "protocol": "tcp"}],
                    "networkInterfaces": [],
                }],
                "overrides": {"containerOverrides": [{"name": "app"}], "inferenceAcceleratorOverrides": []},
            }

        def instance(i):
            return {
                "containerInstanceArn": instance_arn(i), "ec2InstanceId": "mi-%017x" % i,
                "status": "ACTIVE", "agentConnected": True, "runningTasksCount": tasks // instances,
                "pendingTasksCount": 0, "version": 12,
                "versionInfo": {"agentVersion": "1.89.0", "dockerVersion": "DockerVersion: 25.0.3"},
                "attributes": [{"name": "ecs.os-type", "value": "linux"}, {"name": "ecs.cpu-architecture", "value": "x86_64"}],
                "registeredResources": [{"name": "CPU", "type": "INTEGER", "integerValue": 4096}],
            }

        def service(i):
            return {
                "serviceArn": service_arn(i), "serviceName": "svc-%d" % i, "clusterArn": prefix + "cluster/fleet",
                "taskDefinition": definition_arn(i), "desiredCount": tasks // services, "runningCount": tasks // services,
                "pendingCount": 0, "launchType": "EXTERNAL", "status": "ACTIVE", "schedulingStrategy": "REPLICA",
                "tags": [{"key": "app", "value": "svc-%d" % i}],
            }

        operation = self.headers.get("X-Amz-Target", "").split(".")[-1]
        if operation == "ListTasks":
            body = paged("taskArns", tasks, task_arn)
        elif operation == "DescribeTasks":
            body = {"tasks": [task(index(arn)) for arn in request.get("tasks", [])[:100]], "failures": []}
        elif operation == "ListContainerInstances":
            body = paged("containerInstanceArns", instances, instance_arn)
        elif operation == "DescribeContainerInstances":
            body = {"containerInstances": [instance(index(arn)) for arn in request.get("containerInstances", [])[:100]], "failures": []}
        elif operation == "ListServices":
            body = paged("serviceArns", services, service_arn)
        elif operation == "DescribeServices":
            body = {"services": [service(int(arn.rsplit("-", 1)[-1])) for arn in request.get("services", [])[:10]], "failures": []}
        elif operation == "DescribeTaskDefinition":
            number = int(request["taskDefinition"].rsplit("-", 1)[-1].split(":")[0])
            body = {"taskDefinition": {
                "taskDefinitionArn": definition_arn(number), "family": "svc-%d" % number, "revision": 1,
                "networkMode": "bridge", "status": "ACTIVE", "requiresCompatibilities": ["EXTERNAL"],
                "containerDefinitions": [{
                    "name": "app", "image": "registry.local/svc-%d:1.4.2" % number, "memory": 512, "essential": True,
                    "portMappings": [{"containerPort": 8080, "hostPort": 0, "protocol": "tcp", "name": "http", "appProtocol": "http"}],
                }],
            }}
        elif operation == "DescribeInstanceInformation":
            ids = [value for item in request.get("Filters", []) if item.get("Key") == "InstanceIds" for value in item.get("Values", [])]
            body = {"InstanceInformationList": [{
                "InstanceId": mid, "IPAddress": "10.%d.%d.%d" % ((int(mid[3:], 16) >> 16) & 255, (int(mid[3:], 16) >> 8) & 255, int(mid[3:], 16) & 255),
                "ComputerName": "host-%d.onprem.local" % int(mid[3:], 16), "PingStatus": "Online",
                "PlatformType": "Linux", "PlatformName": "Debian GNU/Linux", "ResourceType": "ManagedInstance",
                "AgentVersion": "3.3.40.0", "IsLatestVersion": True,
            } for mid in ids[:50]]}
        else:
            body = None
        if body is None:
            self.send_json(400, {"__type": "UnknownOperationException", "message": "not in the fleet"})
        else:
            self.send_json(200, body)

    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        body = self.rfile.read(length) if length else b""
        target = self.headers.get("X-Amz-Target", "")
        name = target.split(".")[-1] if target else self.path
        try:
            request = json.loads(body or b"{}")
        except ValueError:
            request = {}
        step = next_step(name)
        if step is None and "fleet" in SCENARIO:
            step = {"fleet": SCENARIO["fleet"]}
        self.answer(step, request)

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
