"""Policy JSON as AWS stores it: the same statement always gives the same bytes."""

from __future__ import annotations

from blueprint.policy_json import (
    DOCUMENT_OVERHEAD,
    canonical_statement,
    minified_document,
    minify,
)


def test_a_statement_in_any_order_gives_the_same_canonical_bytes():
    one = {
        "Condition": {"StringNotLike": {"b": ["y", "x"], "a": "z"}, "Bool": {"c": "true"}},
        "Resource": ["arn:b", "arn:a"],
        "Action": ["s3:Put*", "iam:*"],
        "Effect": "Deny",
        "Sid": "S",
    }
    other = {
        "Sid": "S",
        "Effect": "Deny",
        "Action": ["iam:*", "s3:Put*"],
        "Resource": ["arn:a", "arn:b"],
        "Condition": {"Bool": {"c": "true"}, "StringNotLike": {"a": "z", "b": ["x", "y"]}},
    }
    assert (
        minify(canonical_statement(one))
        == minify(canonical_statement(other))
        == (
            '{"Sid":"S","Effect":"Deny","Action":["iam:*","s3:Put*"],"Resource":["arn:a","arn:b"],'
            '"Condition":{"Bool":{"c":"true"},"StringNotLike":{"a":"z","b":["x","y"]}}}'
        )
    )


def test_minified_text_keeps_non_ascii_characters_as_aws_counts_them():
    assert minify({"Sid": "é"}) == '{"Sid":"é"}'


def test_the_document_overhead_is_what_surrounds_the_statements():
    statement = {"Sid": "S", "Effect": "Deny", "Action": "*", "Resource": "*"}
    assert len(minified_document([statement])) == DOCUMENT_OVERHEAD + len(minify(statement))
