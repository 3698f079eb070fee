"""Validation judges permission sets' inline policies as the policy pack judges the inline
policy the program creates from them: the same action lists, the same verdict on each
document (iam-no-admin-wildcard, iam-no-privilege-escalation, iam-no-snapshot-sharing)."""

from __future__ import annotations

import json

import pytest

from blueprint.permission_rules import PRIVILEGE_ESCALATION_ACTIONS, SNAPSHOT_SHARING_ACTIONS
from blueprint.statements import allowed_on_everything, allows_everything
from orgctl.policy_runner import ALL_POLICIES  # noqa: F401  (puts the pack on sys.path)
from orgiam_policies import iam

INLINE = "aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy"
DOCUMENTS = {
    "read": [{"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "*"}],
    "pass-role": [{"Effect": "Allow", "Action": ["iam:PassRole"], "Resource": "*"}],
    "iam-any-case": [{"Effect": "Allow", "Action": ["IAM:*"], "Resource": "*"}],
    "pass-named-role": [
        {"Effect": "Allow", "Action": ["iam:PassRole"], "Resource": "arn:aws:iam::*:role/app"}
    ],
    "pass-role-denied": [
        {"Effect": "Allow", "Action": ["iam:*"], "Resource": "*"},
        {"Effect": "Deny", "Action": list(PRIVILEGE_ESCALATION_ACTIONS), "Resource": "*"},
    ],
    "everything": [{"Effect": "Allow", "Action": "*", "Resource": "*"}],
    "not-action": [{"Effect": "Allow", "NotAction": ["s3:*"], "Resource": "*"}],
    "snapshots": [{"Effect": "Allow", "Action": ["ec2:ModifySnapshot*"], "Resource": "*"}],
    "snapshots-denied": [
        {"Effect": "Allow", "Action": ["rds:*"], "Resource": "*"},
        {"Effect": "Deny", "Action": ["rds:Modify*SnapshotAttribute"], "Resource": "*"},
    ],
    "snapshots-conditionally-denied": [
        {"Effect": "Allow", "Action": ["rds:*"], "Resource": "*"},
        {
            "Effect": "Deny",
            "Action": ["rds:Modify*SnapshotAttribute"],
            "Resource": "*",
            "Condition": {"StringEquals": {"aws:RequestedRegion": "us-east-1"}},
        },
    ],
}


def _refused_by(validate, statements) -> bool:
    document = json.dumps({"Version": "2012-10-17", "Statement": statements})
    args = type("Args", (), {"props": {"inlinePolicy": document}, "name": "p"})()
    args.resource_type = INLINE
    found = []
    validate(args, found.append)
    return bool(found)


def test_the_action_lists_are_the_packs():
    assert PRIVILEGE_ESCALATION_ACTIONS == iam.PRIVILEGE_ESCALATION_ACTIONS
    assert SNAPSHOT_SHARING_ACTIONS == iam.SNAPSHOT_SHARING_ACTIONS


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_each_document_gets_the_packs_verdict(name):
    statements = DOCUMENTS[name]
    everything = any(allows_everything(s) for s in statements)
    assert everything == _refused_by(iam._validate_no_admin_wildcard, statements)
    escalation = not everything and bool(
        allowed_on_everything(statements, PRIVILEGE_ESCALATION_ACTIONS)
    )
    assert escalation == _refused_by(iam._validate_no_privilege_escalation, statements)
    sharing = not everything and bool(allowed_on_everything(statements, SNAPSHOT_SHARING_ACTIONS))
    assert sharing == _refused_by(iam._validate_no_snapshot_sharing, statements)


def test_the_corpus_has_documents_each_rule_refuses_and_accepts():
    verdicts = {
        name: (
            any(allows_everything(s) for s in d),
            bool(allowed_on_everything(d, PRIVILEGE_ESCALATION_ACTIONS)),
            bool(allowed_on_everything(d, SNAPSHOT_SHARING_ACTIONS)),
        )
        for name, d in DOCUMENTS.items()
    }
    for rule in range(3):
        assert {v[rule] for v in verdicts.values()} == {True, False}
