"""Small builders for evaluator tests: statements and documents in a line each."""

from __future__ import annotations

ACCOUNT = "111122223333"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/delegated/app"
FULL_AWS_ACCESS = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}],
}


def statement(effect: str = "Allow", action="*", resource="*", sid: str | None = None, **more):
    result = {"Effect": effect, "Action": action, "Resource": resource, **more}
    if sid:
        result["Sid"] = sid
    return result


def document(*statements: dict) -> dict:
    return {"Version": "2012-10-17", "Statement": list(statements)}


def allow(action="*", resource="*", **more) -> dict:
    return document(statement("Allow", action, resource, **more))


def deny(action="*", resource="*", sid: str | None = None, **more) -> dict:
    return document(statement("Deny", action, resource, sid=sid, **more))
