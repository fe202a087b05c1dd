"""Seeds a local ECS (the moto launcher of
Sources/MeshBridgeTesting/Resources/moto_ecs_anywhere.py) as an operator would an ECS
Anywhere cluster: the cluster, two on-prem hosts registered through SSM (`mi-` ids, with
their addresses), and two services with one task each.

usage: seed.py ENDPOINT [HOST_ADDRESS...]   (default 10.20.0.15 10.20.0.16)
"""
import boto3, json, sys
ep = sys.argv[1]
ecs = boto3.client("ecs", endpoint_url=ep, region_name="us-east-1", aws_access_key_id="demo", aws_secret_access_key="demo-secret")
ecs.create_cluster(clusterName="onprem-east")
for index, address in enumerate(sys.argv[2:] or ["10.20.0.15", "10.20.0.16"]):
    ecs.register_container_instance(cluster="onprem-east", instanceIdentityDocument=json.dumps(
        {"instanceId": f"mi-0{index}aa51c2e9f07d3b", "ipAddress": address, "hostname": f"rack1-host{index + 1}"}))
for name, port in [("orders", 8080), ("payments", 9090)]:
    ecs.register_task_definition(family=name, networkMode="host", requiresCompatibilities=["EXTERNAL"],
        containerDefinitions=[{"name": "app", "image": f"shop/{name}:1", "memory": 128, "cpu": 128,
            "portMappings": [{"containerPort": port, "hostPort": port, "name": "http", "appProtocol": "http"}]}])
    ecs.create_service(cluster="onprem-east", serviceName=name, taskDefinition=name, desiredCount=1, launchType="EXTERNAL")
    ecs.run_task(cluster="onprem-east", taskDefinition=name, count=1, launchType="EXTERNAL", group=f"service:{name}")
print("seeded")
