#!/usr/bin/env python3
"""Drives the partner event source flow with boto3 as two accounts against a
running Bridgeport. Usage: boto3_partner_flow.py URL

Open mode needs nothing more: the 12-digit access keys are the accounts. For
strict mode set PARTNER_KEY/PARTNER_SECRET, CUSTOMER_KEY/CUSTOMER_SECRET and
PARTNER_NAME to an identity file's partner."""
import json
import os
import random
import sys

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

url = sys.argv[1]


def client(key, secret="x"):
    return boto3.client(
        "events", endpoint_url=url, region_name="us-east-1",
        aws_access_key_id=key, aws_secret_access_key=secret,
        config=Config(retries={"max_attempts": 1, "mode": "standard"}, parameter_validation=False))


def expect(what, want, got):
    if want != got:
        sys.exit(f"FAIL: {what}: want {want!r}, got {got!r}")
    print(f"ok: {what}")


def expect_error(what, code, fn, message=None):
    try:
        fn()
    except ClientError as e:
        expect(what, code, e.response["Error"]["Code"])
        if message is not None:
            expect(what + " (message)", message, e.response["Error"]["Message"])
        return
    sys.exit(f"FAIL: {what}: no error")


env = os.environ.get
partner = client(env("PARTNER_KEY", "111111111111"), env("PARTNER_SECRET", "x"))
customer = client(env("CUSTOMER_KEY", "222222222222"), env("CUSTOMER_SECRET", "x"))
pname = env("PARTNER_NAME", "boto.example")
strict = "PARTNER_KEY" in os.environ
src = f"aws.partner/{pname}/orders/{random.randrange(10**9)}"

arn = partner.create_partner_event_source(Name=src, Account="222222222222")["EventSourceArn"]
expect("source ARN", f"arn:aws:events:us-east-1::event-source/{src}", arn)
desc = customer.describe_event_source(Name=src)
expect("PENDING", "PENDING", desc["State"])
expect("expiration is a datetime", True, desc["ExpirationTime"] > desc["CreationTime"])
expect_error("duplicate", "ResourceAlreadyExistsException",
             lambda: partner.create_partner_event_source(Name=src, Account="222222222222"),
             f"Event source {src} already exists.")
expect_error("bad name", "ValidationException",
             lambda: partner.create_partner_event_source(Name="acme/x", Account="222222222222"))
expect_error("limit 0", "ValidationException", lambda: customer.list_event_sources(Limit=0),
             "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: "
             "Member must have value greater than or equal to 1")
expect_error("missing name", "ValidationException", lambda: customer.describe_event_source(),
             "1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null")

customer.create_event_bus(Name=src, EventSourceName=src)
expect("ACTIVE", "ACTIVE", customer.describe_event_source(Name=src)["State"])
buses = [b["Name"] for b in customer.list_event_buses()["EventBuses"]]
expect("buses", sorted([src, "default"]), sorted(buses))

out = partner.put_partner_events(Entries=[
    {"Source": src, "DetailType": "Order Placed", "Detail": json.dumps({"id": 1}), "Resources": ["order/1"]},
    {"Source": src, "Detail": "{}"},
    {"Source": f"aws.partner/{pname}/orders/unknown", "DetailType": "x", "Detail": "{}"},
])
expect("failed count", 2, out["FailedEntryCount"])
expect("entries", 3, len(out["Entries"]))
expect("event id", True, len(out["Entries"][0]["EventId"]) > 0)
expect("missing detail type", "Parameter DetailType is not valid. Reason: DetailType is a required argument.",
       out["Entries"][1]["ErrorMessage"])
expect("unknown source", "NotAuthorizedForSourceException", out["Entries"][2]["ErrorCode"])

if strict:
    expect_error("the customer may not act as a partner", "AccessDeniedException",
                 lambda: customer.create_partner_event_source(Name=src + "x", Account="222222222222"))
    expect_error("a wrong secret is refused", "InvalidSignatureException",
                 lambda: client(env("CUSTOMER_KEY"), "wrong").list_event_buses())
    expect_error("an unknown key is refused", "UnrecognizedClientException",
                 lambda: client("AKIAUNKNOWN", "x").list_event_buses())
else:
    other = client("333333333333")
    expect_error("another account cannot see it", "ResourceNotFoundException",
                 lambda: other.describe_event_source(Name=src))

partner.delete_partner_event_source(Name=src, Account="222222222222")
expect("DELETED", "DELETED", customer.describe_event_source(Name=src)["State"])
customer.delete_event_bus(Name=src)
expect_error("gone", "ResourceNotFoundException", lambda: customer.describe_event_source(Name=src))
print("boto3 partner flow: all checks passed")
