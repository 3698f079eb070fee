"""The secure defaults ProtectSecureDefaults keeps on are turned on in every account (S3) and in
every account and allowed Region (EBS encryption, snapshot and AMI public-access blocks), each
through that account's own provider for that Region."""

from __future__ import annotations

from blueprint import load_blueprint
from tests.conftest import PROD, TODAY

REGIONAL = {
    "aws:ebs/encryptionByDefault:EncryptionByDefault": ("enabled", True),
    "aws:ebs/snapshotBlockPublicAccess:SnapshotBlockPublicAccess": ("state", "block-all-sharing"),
    "aws:ec2/imageBlockPublicAccess:ImageBlockPublicAccess": ("state", "block-new-sharing"),
}


def _provider_name(program, record) -> str:
    urn = record.provider.rsplit("::", 1)[0]
    (provider,) = [p for p in program.by_type("pulumi:providers:aws") if p.urn == urn]
    return provider.name, provider.inputs.get("region")


def test_every_account_blocks_public_s3_access(prod_program):
    blueprint = load_blueprint(str(PROD), today=TODAY)
    blocks = {
        r.name: r
        for r in prod_program.by_type("aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock")
    }
    assert sorted(blocks) == sorted(blueprint.accounts)
    for key, block in blocks.items():
        assert all(
            block.inputs[flag]
            for flag in (
                "blockPublicAcls",
                "blockPublicPolicy",
                "ignorePublicAcls",
                "restrictPublicBuckets",
            )
        )
        name, _ = _provider_name(prod_program, block)
        assert name in (key, "management"), (key, name)


def test_every_account_and_allowed_region_has_the_ebs_and_ami_defaults(prod_program):
    blueprint = load_blueprint(str(PROD), today=TODAY)
    expected = {
        f"{key}:{region}" for key in blueprint.accounts for region in ("us-east-1", "us-west-2")
    }
    for type_, (field, value) in REGIONAL.items():
        records = {r.name: r for r in prod_program.by_type(type_)}
        assert set(records) == expected, type_
        for name, record in records.items():
            assert record.inputs[field] == value
            key, region = name.split(":")
            provider, provider_region = _provider_name(prod_program, record)
            assert provider_region == region, name
            assert provider.split("-us-")[0] in (key, "management"), (name, provider)
