"""The filter-pattern matcher against the syntax AWS documents."""

from __future__ import annotations

import pytest

from monitoring.filter_patterns import PatternError, matches, parse

EVENT = {
    "eventName": "ConsoleLogin",
    "errorCode": "Client.UnauthorizedOperation",
    "userIdentity": {"type": "IAMUser", "invokedBy": None},
    "responseElements": {"ConsoleLogin": "Success"},
    "requestParameters": {"durationSeconds": 3600, "list": ["a", "b"]},
    "readOnly": False,
}


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ('{ $.eventName = "ConsoleLogin" }', True),
        ("{ $.eventName = ConsoleLogin }", True),
        ('{ $.eventName = "consolelogin" }', False),  # case-sensitive
        ('{ $.errorCode = "*UnauthorizedOperation" }', True),
        ('{ $.errorCode = "Client.*" }', True),
        ('{ $.errorCode = "AccessDenied*" }', False),
        ('{ $.eventName != "ConsoleLogin" }', False),
        ('{ $.missing != "x" }', False),  # absent fields never compare
        ("{ $.missing NOT EXISTS }", True),
        ("{ $.userIdentity.invokedBy NOT EXISTS }", False),
        ("{ $.userIdentity.invokedBy IS NULL }", True),
        ("{ $.readOnly IS FALSE }", True),
        ("{ $.readOnly IS TRUE }", False),
        ("{ $.requestParameters.durationSeconds > 3000 }", True),
        ("{ $.requestParameters.durationSeconds <= 3599 }", False),
        ("{ $.requestParameters.durationSeconds = 3600 }", True),
        ('{ $.requestParameters.list[1] = "b" }', True),
        ('{ $.requestParameters.list[5] = "b" }', False),
        ('{ ($.eventName = "X") || ($.userIdentity.type = "IAMUser") }', True),
        ('{ ($.eventName = "ConsoleLogin") && ($.userIdentity.type = "Root") }', False),
        (
            '{ (($.eventName = "X") || ($.eventName = "ConsoleLogin")) && ($.readOnly IS FALSE) }',
            True,
        ),
    ],
)
def test_pattern_semantics(pattern, expected):
    assert matches(pattern, EVENT) is expected


@pytest.mark.parametrize(
    "pattern",
    [
        '{ $.a = "x" && $.b = "y" || $.c = "z" }',  # precedence left implicit
        '$.a = "x"',  # no braces
        "{ $.a = }",
        "{ ($.a = x }",
        "{ a = x }",
    ],
)
def test_malformed_or_ambiguous_patterns_are_refused(pattern):
    with pytest.raises(PatternError):
        parse(pattern)
