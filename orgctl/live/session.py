"""Sessions and clients for reading a live organization: boto3's standard credential chain,
`AWS_ENDPOINT_URL` honoured by boto3 itself, and adaptive retries because Identity Center and
Organizations throttle hard (Identity Center at about 20 requests a second)."""

from __future__ import annotations

import boto3
from botocore.config import Config

RETRIES = Config(retries={"mode": "adaptive", "max_attempts": 10})


def client(session: boto3.Session, service: str, region: str | None = None, **credentials):
    """`credentials` (aws_access_key_id, ...) make a client of another principal that shares
    the session's loaded service models."""
    return session.client(service, region_name=region, config=RETRIES, **credentials)
