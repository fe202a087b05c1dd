#!/usr/bin/env python3
"""moto's server, plus the ECS Anywhere behaviour moto lacks. NOT moto as released: a
launcher of this project's own that patches exactly these gaps, for tests and the demo.
It ships with the MeshBridgeTesting product, whose MotoServer runs it.

usage: moto_ecs_anywhere.py PORT [--exit-with-parent]
  (INITIAL_NO_AUTH_ACTION_COUNT as for moto_server)
  --exit-with-parent: lead a process group of its own and end it, every process in it,
  when the process that started this one ends (a test run that crashed or was stopped).

When moto or its server's dependencies cannot be imported it prints
`missing-module: NAME` on stderr and exits with status 3.

1. RegisterContainerInstance keeps an SSM managed instance (`mi-...`) and the address
   its identity document gives (`ipAddress`), and SSM DescribeInstanceInformation lists
   those instances (moto has no such call).
2. Task definitions for EXTERNAL keep their network mode (moto stores awsvpc, as for
   FARGATE).
3. Tasks report their containers' host port bindings from the task definition's port
   mappings (moto reports none); a dynamic host port (0) gets the next free one from
   32768, as the ECS agent assigns them, and reserves nothing at placement (moto reserves
   port 0, placing one such task per instance). Tasks stay RUNNING (moto moves them
   towards STOPPED as they are described).
4. ListTasks pages by maxResults/nextToken (moto returns every task in one page).
5. Services may have launch type EXTERNAL (moto accepts EC2 and FARGATE only).
6. STS takes AssumeRoleWithWebIdentity unsigned, as AWS defines it (with signature checks
   on, moto fails on a request without an Authorization header with a 500); every other
   call, unsigned or not, is still checked.
"""
import argparse
import inspect
import json
import os
import signal
import sys
import threading
import time

try:
    from moto.core.common_models import BaseModel  # noqa: F401  (moto must import first)
    from moto.ecs import models as ecs_models
    from moto.ecs import responses as ecs_responses
    from moto.moto_api import state_manager
    from moto.ssm import responses as ssm_responses
    from moto.sts import responses as sts_responses
    from moto import server
except ImportError as missing:
    # One line the caller reads (MotoServer turns it into its install hint).
    print(f"missing-module: {missing.name or missing}", file=sys.stderr)
    sys.exit(3)

MANAGED = {}  # mi-id -> {"ip": ..., "name": ...}

register = ecs_responses.EC2ContainerServiceResponse.register_container_instance


def register_container_instance(self):
    document = json.loads(self._get_param("instanceIdentityDocument"))
    instance = document.get("instanceId", "")
    if instance.startswith("mi-"):
        MANAGED[instance] = {"ip": document.get("ipAddress"), "name": document.get("hostname", instance)}
    return register(self)


ecs_responses.EC2ContainerServiceResponse.register_container_instance = register_container_instance

container_instance_init = ecs_models.ContainerInstance.__init__


class ManagedHost:
    """What moto reads of an EC2 instance, for an on-prem host that is none."""
    image_id = ""
    availability_zone = ""
    instance_type = "external"
    platform = "linux"


def container_instance(self, ec2_instance_id, account_id, region_name, cluster_name, backend):
    if not ec2_instance_id.startswith("mi-"):
        return container_instance_init(self, ec2_instance_id, account_id, region_name, cluster_name, backend)
    ec2 = ecs_models.ec2_backends[account_id][region_name]
    ec2.get_instance = lambda _: ManagedHost()
    try:
        container_instance_init(self, ec2_instance_id, account_id, region_name, cluster_name, backend)
    finally:
        del ec2.get_instance
    self.attributes = {"ecs.os-type": "linux"}


ecs_models.ContainerInstance.__init__ = container_instance


def describe_instance_information(self):
    wanted = None
    for item in self._get_param("Filters") or []:
        if item.get("Key") == "InstanceIds":
            wanted = set(item.get("Values", []))
    listed = [
        {"InstanceId": key, "IPAddress": value["ip"], "ComputerName": value["name"],
         "PingStatus": "Online", "ResourceType": "ManagedInstance"}
        for key, value in sorted(MANAGED.items()) if wanted is None or key in wanted
    ]
    return ssm_responses.ActionResult({"InstanceInformationList": listed})


ssm_responses.SimpleSystemManagerResponse.describe_instance_information = describe_instance_information

task_definition_init = ecs_models.TaskDefinition.__init__


def task_definition(self, *args, **kwargs):
    task_definition_init(self, *args, **kwargs)
    requested = kwargs.get("network_mode")
    if requested and "EXTERNAL" in (kwargs.get("requires_compatibilities") or []):
        self.network_mode = requested


ecs_models.TaskDefinition.__init__ = task_definition

container_init = ecs_models.Container.__init__
NEXT_DYNAMIC_PORT = [32768]


def host_port(mapping):
    if mapping.get("hostPort"):
        return mapping["hostPort"]
    NEXT_DYNAMIC_PORT[0] += 1
    return NEXT_DYNAMIC_PORT[0] - 1


def container(self, task_def):
    container_init(self, task_def)
    mappings = task_def.container_definitions[0].get("portMappings") or []
    self.network_bindings = [
        {"bindIP": "0.0.0.0", "containerPort": m["containerPort"],
         "hostPort": host_port(m), "protocol": m.get("protocol", "tcp")}
        for m in mappings
    ]


ecs_models.Container.__init__ = container

requirements = ecs_models.EC2ContainerServiceBackend._calculate_task_resource_requirements


def task_requirements(task_definition):
    needed = requirements(task_definition)
    needed["PORTS"] = [port for port in needed.get("PORTS", []) if port]
    return needed


ecs_models.EC2ContainerServiceBackend._calculate_task_resource_requirements = staticmethod(task_requirements)
state_manager.set_transition(model_name="ecs::task", transition={"progression": "manual", "times": 10**9})

list_tasks = ecs_responses.EC2ContainerServiceResponse.list_tasks


def paged_list_tasks(self):
    result = list_tasks(self)
    arns = result.result["taskArns"]
    size = int(self._get_param("maxResults") or 100)
    start = int(self._get_param("nextToken") or 0)
    page = {"taskArns": arns[start:start + size]}
    if start + size < len(arns):
        page["nextToken"] = str(start + size)
    return ecs_responses.ActionResult(page)


ecs_responses.EC2ContainerServiceResponse.list_tasks = paged_list_tasks

create_service = ecs_models.EC2ContainerServiceBackend.create_service


def create_external_service(self, *args, **kwargs):
    bound = inspect.signature(create_service).bind(self, *args, **kwargs)
    external = bound.arguments.get("launch_type") == "EXTERNAL"
    if external:
        bound.arguments["launch_type"] = "EC2"
    service = create_service(*bound.args, **bound.kwargs)
    if external:
        service.launch_type = "EXTERNAL"
    return service


ecs_models.EC2ContainerServiceBackend.create_service = create_external_service

sts_authorize = sts_responses.TokenResponse._authenticate_and_authorize_normal_action


def authorize_signed_sts_calls(self, resource="*"):
    if "Authorization" not in self.headers and self._get_action() == "AssumeRoleWithWebIdentity":
        return
    return sts_authorize(self, resource)


sts_responses.TokenResponse._authenticate_and_authorize_normal_action = authorize_signed_sts_calls


def exit_with_parent():
    """Leads a process group of its own, and ends the whole group when the parent ends.

    The group lets the parent stop moto and anything it started with one signal; the
    watch stops it when the parent cannot (killed, crashed), instead of leaving a server
    behind. The group is out of the terminal's reach, so this is what ends it on Ctrl-C.
    """
    os.setpgrp()
    parent = os.getppid()

    def watch():
        while os.getppid() == parent:
            time.sleep(0.5)
        os.killpg(0, signal.SIGKILL)

    threading.Thread(target=watch, daemon=True).start()


if __name__ == "__main__":
    arguments = argparse.ArgumentParser(description="moto's server with ECS Anywhere")
    arguments.add_argument("port", type=int)
    arguments.add_argument("--exit-with-parent", action="store_true")
    options = arguments.parse_args()
    if options.exit_with_parent:
        exit_with_parent()
    server.main(["-H", "127.0.0.1", "-p", str(options.port)])
