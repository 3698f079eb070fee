"""An in-process moto server on 127.0.0.1 for the review tests, seeded with an organization
whose every planted case the review must flag.

In-process (moto's ThreadedMotoServer) rather than the suite's subprocess server, for one
reason: IAM's API cannot backdate a credential, and moto's credential report has no last-used
date for console passwords and only "now" for keys. The seed writes those dates into moto's own
IAM model objects (user.create_date, user.password_last_used, key.create_date, key.last_used,
role.last_used), which only an in-process server shares with the test; everything else goes
through the AWS API as a real organization would."""

from __future__ import annotations

import urllib.request

import pytest

from orgctl.live import reader
from tests.orgctl.review.seeded import no_boundaries, seed


@pytest.fixture(scope="session")
def review_endpoint():
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()


def _reset(endpoint: str) -> None:
    urllib.request.urlopen(urllib.request.Request(f"{endpoint}/moto-api/reset", method="POST"))


@pytest.fixture
def seeded_org(review_endpoint, monkeypatch):
    """A freshly seeded organization (tests may change it); emptied afterwards."""
    _reset(review_endpoint)
    monkeypatch.setenv("AWS_ENDPOINT_URL", review_endpoint)
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    monkeypatch.setattr(reader, "boundary_client", no_boundaries)
    try:
        yield seed()
    finally:
        _reset(review_endpoint)
