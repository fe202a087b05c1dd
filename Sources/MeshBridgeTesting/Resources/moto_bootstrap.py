#!/usr/bin/env python3
"""Makes a moto server started with signature checks usable: an IAM user with an
allow-all policy and an access key, then EC2 instances if asked for.

usage: moto_bootstrap.py ENDPOINT REGION EC2_INSTANCES

The user, its policy and its key are the first three requests, which moto takes unsigned
(MotoServer starts it with INITIAL_NO_AUTH_ACTION_COUNT=3); everything after is signed
with the new key, as every later request must be. Prints one JSON object:
{"key": ..., "secret": ..., "instances": [...]}.
"""
import json
import sys

import botocore.session

endpoint, region, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
session = botocore.session.get_session()
iam = session.create_client(
    "iam", endpoint_url=endpoint, region_name=region,
    aws_access_key_id="bootstrap", aws_secret_access_key="bootstrap")
iam.create_user(UserName="meshbridge")
iam.put_user_policy(
    UserName="meshbridge", PolicyName="all",
    PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "*", "Resource": "*"}]}))
key = iam.create_access_key(UserName="meshbridge")["AccessKey"]
instances = []
if count:
    ec2 = session.create_client(
        "ec2", endpoint_url=endpoint, region_name=region,
        aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"])
    image = ec2.describe_images()["Images"][0]["ImageId"]
    started = ec2.run_instances(ImageId=image, MinCount=count, MaxCount=count)["Instances"]
    instances = [instance["InstanceId"] for instance in started]
print(json.dumps({"key": key["AccessKeyId"], "secret": key["SecretAccessKey"],
                  "instances": instances}))
