import Foundation

/// An ECS Anywhere cluster `onprem-east` for the suite's AWS-like server: three container
/// instances (two SSM managed, one EC2), one of them without an address in SSM, and five
/// tasks of which only the first is RUNNING on a known instance with a host port; a
/// service `orders` whose task definition names its port `http` (appProtocol http).
public enum ECSAnywhereScenario {
  public static let prefix = "arn:aws:ecs:us-east-1:123456789012"

  public static func task(
    _ id: String, status: String = "RUNNING", instance: String = "ci-1",
    bindings: [[String: Any]] = [["containerPort": 8080, "hostPort": 31080, "protocol": "tcp"]],
    group: String = "service:orders"
  ) -> [String: Any] {
    [
      "taskArn": "\(prefix):task/onprem-east/\(id)", "lastStatus": status,
      "containerInstanceArn": "\(prefix):container-instance/onprem-east/\(instance)",
      "taskDefinitionArn": "\(prefix):task-definition/orders:7", "group": group,
      "healthStatus": "HEALTHY",
      "containers": [["name": "app", "networkBindings": bindings]],
      "tags": [["key": "version", "value": "v2"]],
    ]
  }

  public static func scenario() -> [String: Any] {
    let instances = ["ci-1", "ci-2", "ci-3"].map {
      "\(prefix):container-instance/onprem-east/\($0)"
    }
    return [
      "ListContainerInstances": ["ok": ["containerInstanceArns": instances]],
      "DescribeContainerInstances": [
        "ok": [
          "containerInstances": [
            [
              "containerInstanceArn": instances[0], "ec2InstanceId": "mi-0aaa", "status": "ACTIVE",
              "agentConnected": true, "attributes": [["name": "zone", "value": "dc-a"]],
            ],
            ["containerInstanceArn": instances[1], "ec2InstanceId": "mi-0bbb", "status": "ACTIVE"],
            ["containerInstanceArn": instances[2], "ec2InstanceId": "i-0ccc", "status": "ACTIVE"],
          ], "failures": [],
        ]
      ],
      "DescribeInstanceInformation": [
        "ok": [
          "InstanceInformationList": [
            ["InstanceId": "mi-0aaa", "IPAddress": "10.20.0.15", "ComputerName": "rack1-host3"],
            ["InstanceId": "mi-0bbb", "ComputerName": "rack2-host1"],
          ]
        ]
      ],
      "ListTasks": [
        "ok": [
          "taskArns": ["t1", "t2", "t3", "t4", "t5"].map { "\(prefix):task/onprem-east/\($0)" }
        ]
      ],
      "DescribeTasks": [
        "ok": [
          "tasks": [
            Self.task("1f3c2a9e"), Self.task("2", status: "PENDING"),
            Self.task("3", instance: "ci-2"),
            Self.task("4", instance: "ci-3"), Self.task("5", bindings: []),
          ], "failures": [],
        ]
      ],
      "DescribeTaskDefinition": [
        "ok": [
          "taskDefinition": [
            "family": "orders", "revision": 7,
            "containerDefinitions": [
              [
                "name": "app",
                "portMappings": [["containerPort": 8080, "name": "http", "appProtocol": "http"]],
              ]
            ],
          ]
        ]
      ],
      "ListServices": ["ok": ["serviceArns": ["\(prefix):service/onprem-east/orders"]]],
      "DescribeServices": [
        "ok": [
          "services": [
            [
              "serviceName": "orders", "serviceArn": "\(prefix):service/onprem-east/orders",
              "desiredCount": 3, "runningCount": 3, "launchType": "EXTERNAL",
            ]
          ], "failures": [],
        ]
      ],
    ]
  }

}
