"""Our region list must not fall behind the AWS SDK's endpoint data."""

from __future__ import annotations

import json
from pathlib import Path

import botocore

from blueprint.regions import REGIONS_BY_PARTITION, partition_of


def test_region_list_covers_botocore_public_partitions():
    data = json.loads((Path(botocore.__file__).parent / "data" / "endpoints.json").read_text())
    for partition in data["partitions"]:
        name = partition["partition"]
        if name not in REGIONS_BY_PARTITION:
            continue  # isolated partitions (aws-iso*) are out of scope
        assert set(partition["regions"]) <= REGIONS_BY_PARTITION[name], name


def test_partition_of():
    assert partition_of("us-east-1") == "aws"
    assert partition_of("cn-north-1") == "aws-cn"
    assert partition_of("us-gov-west-1") == "aws-us-gov"
    assert partition_of("mars-north-1") is None
