"""Parsing IAM's credential report: IAM's placeholders are 'no value', the root line is left
out, and a broken report names its line."""

from __future__ import annotations

import datetime

import pytest

from orgctl.review.credential_report import ReportFormatError, parse

HEADER = (
    "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,"
    "password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,"
    "access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,"
    "access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,"
    "access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,"
    "cert_1_last_rotated,cert_2_active,cert_2_last_rotated\n"
)
ROOT = (
    "<root_account>,arn:aws:iam::1:root,2020-01-01T00:00:00+00:00,not_supported,no_information,"
    "not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n"
)
BOB = (
    "bob,arn:aws:iam::1:user/bob,2026-01-01T10:00:00+00:00,true,no_information,"
    "2026-01-02T10:00:00+00:00,N/A,false,true,2026-02-01T10:00:00+00:00,"
    "2026-03-01T10:00:00+00:00,us-east-1,s3,false,2026-02-05T10:00:00+00:00,N/A,N/A,N/A,"
    "false,N/A,false,N/A\n"
)


def test_placeholders_are_no_value_and_root_is_left_out():
    (bob,) = parse(HEADER + ROOT + BOB)
    assert bob.user == "bob" and bob.password_enabled and not bob.mfa_active
    assert bob.password_last_used is None
    assert bob.password_last_changed == datetime.datetime(2026, 1, 2, 10, tzinfo=datetime.UTC)
    assert [(k.slot, k.active, k.last_used is not None) for k in bob.keys] == [
        (1, True, True),
        (2, False, False),
    ]


def test_a_missing_column_is_named():
    with pytest.raises(ReportFormatError, match="no column mfa_active"):
        parse(HEADER.replace("mfa_active", "mfa") + BOB)


def test_a_broken_time_names_the_line():
    with pytest.raises(ReportFormatError, match="line 3: 'yesterday' is not a time"):
        parse(HEADER + ROOT + BOB.replace("2026-03-01T10:00:00+00:00", "yesterday"))
