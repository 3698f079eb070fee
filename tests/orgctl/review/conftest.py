"""An in-process moto server on 127.0.0.1 for the review tests, seeded with an organization
whose every planted case the review must flag.

In-process (moto's ThreadedMotoServer) rather than the suite's subprocess server, for one
reason: IAM's API cannot backdate a credential, and moto's credential report has no last-used
date for console passwords and only "now" for keys. The seed writes those dates into moto's own
IAM model objects (user.create_date, user.password_last_used, key.create_date, key.last_used,
role.last_used), which only an in-process server shares with the test; everything else goes
through the AWS API as a real organization would."""

from __future__ import annotations

import contextlib
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


@contextlib.contextmanager
def _seeded(endpoint: str):
    _reset(endpoint)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("AWS_ENDPOINT_URL", endpoint)
        patch.setenv("AWS_DEFAULT_REGION", "us-east-1")
        patch.setenv("AWS_ACCESS_KEY_ID", "testing")
        patch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
        patch.delenv("AWS_PROFILE", raising=False)
        patch.setattr(reader, "boundary_client", no_boundaries)
        try:
            yield seed()
        finally:
            _reset(endpoint)


@pytest.fixture(scope="module")
def seeded_org(review_endpoint):
    """The seeded organization, shared by a module's tests: they must not change it."""
    with _seeded(review_endpoint) as seeded:
        yield seeded


@pytest.fixture
def fresh_org(review_endpoint):
    """A seeded organization a test may change."""
    with _seeded(review_endpoint) as seeded:
        yield seeded
