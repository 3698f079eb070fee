"""The pack's analyzer server, started as the Pulumi CLI starts it."""

from __future__ import annotations

import grpc
import pytest
from google.protobuf import empty_pb2

from orgctl.analyzer_server import AnalyzerStartError, analyzer_server
from orgctl.policy_runner import ALL_POLICIES


def test_the_pack_serves_its_policies_and_stops_with_the_block():
    with analyzer_server(project="org-iam", stack="prod", dry_run=True) as analyzer:
        info = analyzer.GetAnalyzerInfo(empty_pb2.Empty())
        assert info.name == "org-iam"
        assert sorted(p.name for p in info.policies) == sorted(p.name for p in ALL_POLICIES)
        address = analyzer.address
    with grpc.insecure_channel(address) as channel, pytest.raises(grpc.FutureTimeoutError):
        grpc.channel_ready_future(channel).result(timeout=1)  # nobody listens any more


def test_a_pack_that_fails_to_start_is_reported_with_its_error(tmp_path):
    (tmp_path / "__main__.py").write_text("raise RuntimeError('no policies today')\n")
    failing = analyzer_server(project="p", stack="s", dry_run=True, pack_dir=tmp_path)
    with pytest.raises(AnalyzerStartError, match="exited before serving") as error, failing:
        pass
    assert "no policies today" in str(error.value)
