#!/usr/bin/env python3
"""Drives the delivery chain with boto3 against a running Bridgeport (open
mode): partner event -> customer partner bus -> rule with an input
transformer -> API destination -> a local HTTP receiver.
Usage: boto3_delivery.py URL"""
import http.server
import json
import random
import sys
import threading
import time

import boto3
from botocore.config import Config

url = sys.argv[1]
received = []


class Receiver(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


server = http.server.HTTPServer(("127.0.0.1", 0), Receiver)
threading.Thread(target=server.serve_forever, daemon=True).start()


def client(account):
    return boto3.client("events", endpoint_url=url, region_name="us-east-1", aws_access_key_id=account,
                        aws_secret_access_key="x", config=Config(retries={"max_attempts": 1, "mode": "standard"}))


def expect(what, want, got):
    if want != got:
        sys.exit(f"FAIL: {what}: want {want!r}, got {got!r}")
    print(f"ok: {what}")


partner, customer = client("111111111111"), client("222222222222")
src = f"aws.partner/boto.example/deliveries/{random.randrange(10**9)}"
partner.create_partner_event_source(Name=src, Account="222222222222")
customer.create_event_bus(Name=src, EventSourceName=src)
conn = customer.create_connection(Name=f"hook-{random.randrange(10**9)}", AuthorizationType="API_KEY",
                                  AuthParameters={"ApiKeyAuthParameters": {"ApiKeyName": "X-Key", "ApiKeyValue": "s"}})
dest = customer.create_api_destination(Name=f"hook-{random.randrange(10**9)}", ConnectionArn=conn["ConnectionArn"],
                                       InvocationEndpoint=f"http://127.0.0.1:{server.server_port}/events", HttpMethod="POST")
expect("secret hidden", None, customer.describe_connection(Name=conn["ConnectionArn"].split("/")[1])
       .get("AuthParameters", {}).get("ApiKeyAuthParameters", {}).get("ApiKeyValue"))
customer.put_rule(Name="big", EventBusName=src, EventPattern=json.dumps({"detail": {"total": [{"numeric": [">", 100]}]}}))
customer.put_targets(Rule="big", EventBusName=src, Targets=[{
    "Id": "hook", "Arn": dest["ApiDestinationArn"],
    "InputTransformer": {"InputPathsMap": {"id": "$.detail.id"}, "InputTemplate": '{"order": <id>, "rule": "<aws.events.rule-name>"}'}}])
out = partner.put_partner_events(Entries=[
    {"Source": src, "DetailType": "Order", "Detail": json.dumps({"id": "o-1", "total": 150})},
    {"Source": src, "DetailType": "Order", "Detail": json.dumps({"id": "o-2", "total": 5})}])
expect("accepted", 0, out["FailedEntryCount"])
deadline = time.time() + 15
while not received and time.time() < deadline:
    time.sleep(0.05)
time.sleep(0.5)  # a second delivery, if any, would arrive by now
expect("delivered through the rule's transformer", [{"order": "o-1", "rule": "big"}], received)
print("boto3 delivery chain: all checks passed")
