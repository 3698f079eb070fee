"""Every statement of the prod plan that lets an AWS service act (a trust policy, a bucket, key or
topic policy) carries a confused-deputy guard: the service acts only for this account, this
organization or this resource."""

from __future__ import annotations

import json

SOURCE_KEYS = ("aws:sourceaccount", "aws:sourcearn", "aws:sourceorgid", "kms:encryptioncontext:")


def _policies(value):
    """Every policy document inside a JSON value (a CloudFormation template nests them)."""
    if isinstance(value, dict):
        if isinstance(value.get("Statement"), list):
            yield value
        for item in value.values():
            yield from _policies(item)
    elif isinstance(value, list):
        for item in value:
            yield from _policies(item)


def _documents(program):
    for record in program.registrations:
        for field, value in record.inputs.items():
            if isinstance(value, str) and value.startswith("{") and '"Statement"' in value:
                for document in _policies(json.loads(value)):
                    yield record, field, document


def _service_allows(document):
    for statement in document["Statement"]:
        principal = statement.get("Principal")
        if (
            statement["Effect"] == "Allow"
            and isinstance(principal, dict)
            and "Service" in principal
        ):
            yield statement


def test_every_service_principal_statement_names_its_source(prod_program):
    unguarded = []
    checked = 0
    for record, field, document in _documents(prod_program):
        for statement in _service_allows(document):
            checked += 1
            keys = [
                key.lower() for values in statement.get("Condition", {}).values() for key in values
            ]
            if not any(key.startswith(SOURCE_KEYS) for key in keys):
                unguarded.append(f"{record.type} {record.name} {field} {statement.get('Sid')}")
    assert unguarded == []
    assert checked >= 17  # trusts, bucket, key and topic policies of every domain
