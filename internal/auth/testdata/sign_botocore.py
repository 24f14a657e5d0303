"""Sign an EventBridge request with botocore's SigV4Auth and print it as JSON.

Usage: sign_botocore.py URL ACCESS_KEY SECRET_KEY TARGET BODY
"""
import json
import sys

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

url, access_key, secret_key, target, body = sys.argv[1:6]
request = AWSRequest(
    method="POST",
    url=url,
    data=body.encode(),
    headers={"Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": target},
)
SigV4Auth(Credentials(access_key, secret_key), "events", "us-east-1").add_auth(request)
json.dump(
    {"method": request.method, "url": request.url, "headers": dict(request.headers.items()), "body": body},
    sys.stdout,
)
