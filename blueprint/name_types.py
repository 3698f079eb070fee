"""Constrained string types for blueprint keys and AWS names.

Each type checks with a sentence-shaped message (pydantic's "should match pattern '^...$'" helps
nobody) and still publishes its pattern in the JSON Schema, so editors flag the same mistakes.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, WithJsonSchema

from blueprint.lookalike import explain, skeleton


def named_string(pattern: str, what: str, rule: str, max_length: int | None = None):
    compiled = re.compile(pattern)

    def valid(text: str) -> bool:
        return bool(compiled.fullmatch(text)) and (max_length is None or len(text) <= max_length)

    def check(value: str) -> str:
        if not value.isascii() and (value != skeleton(value)) and valid(skeleton(value)):
            # Pasted look-alikes: say which character is wrong, not just that the name is.
            raise ValueError(
                f"'{value}' is not a valid {what}: it contains look-alike or invisible "
                f"characters ({explain(value)}); retype it as '{skeleton(value)}'"
            )
        if not valid(value):
            raise ValueError(f"'{value}' is not a valid {what}: {rule}")
        return value

    schema: dict[str, object] = {"type": "string", "pattern": f"^{pattern}$", "description": rule}
    if max_length is not None:
        schema["maxLength"] = max_length
    return Annotated[str, AfterValidator(check), WithJsonSchema(schema)]


AccountKey = named_string(
    r"[a-z0-9](?:[a-z0-9-]{0,48}[a-z0-9])?",
    "account key",
    "lowercase letters, digits and '-', at most 50 characters, e.g. 'prod-app-1'",
)
OuName = named_string(
    r"[A-Za-z0-9](?:[A-Za-z0-9 _.-]{0,126}[A-Za-z0-9])?",
    "OU name",
    "letters, digits, spaces, '_', '.' and '-', at most 128 characters ('/' separates OU paths)",
)
OuReference = named_string(
    r"[A-Za-z0-9][A-Za-z0-9 _./-]{0,600}",
    "OU reference",
    "an OU name, or a path such as 'Production/CardholderData' when the name is not unique",
)
PolicyKey = named_string(
    r"[A-Za-z0-9][A-Za-z0-9_.-]{0,127}",
    "policy name",
    "letters, digits, '_', '.' and '-', at most 128 characters",
)
PermissionSetName = named_string(
    r"[\w+=,.@-]{1,32}",
    "permission set name",
    "IAM Identity Center allows at most 32 characters of letters, digits and '+=,.@_-'",
)
IamName = named_string(
    r"[\w+=,.@-]{1,64}",
    "IAM name",
    "at most 64 characters of letters, digits and '+=,.@_-'",
)
IamPath = named_string(
    r"/(?:[\x21-\x7e]*/)?",
    "IAM path",
    "starts and ends with '/', e.g. '/' or '/org-iam/'",
    max_length=512,
)
GroupKey = named_string(
    r"[A-Za-z0-9][A-Za-z0-9_.@-]{0,127}",
    "group key",
    "letters, digits, '_', '.', '@' and '-', at most 128 characters",
)
TopicName = named_string(
    r"[A-Za-z0-9_-]{1,256}",
    "SNS topic name",
    "letters, digits, '_' and '-', at most 256 characters",
)
StatementSid = named_string(r"[A-Za-z0-9]{1,128}", "statement Sid", "letters and digits only")
DomainName = named_string(
    r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}",
    "email domain",
    "a lowercase DNS name such as 'example.com'",
)
TagKey = named_string(
    r"[\w .:/=+@-]{1,128}",
    "tag key",
    "at most 128 characters of letters, digits, spaces and '_.:/=+-@'",
)
TagValue = named_string(
    r"[\w .:/=+@-]{0,256}",
    "tag value",
    "at most 256 characters of letters, digits, spaces and '_.:/=+-@'",
)

# Organizations' rules for an account's root email (CreateAccount): 6-64 7-bit ASCII characters,
# one '@', no whitespace or "'()<>[]:;,\|%& in the local part, a dotted domain.
_EMAIL_LOCAL = r"[^\s\"'()<>\[\]:;,\\|%&@.][^\s\"'()<>\[\]:;,\\|%&@]*"
_EMAIL_DOMAIN = r"[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?\.[A-Za-z0-9.-]*[A-Za-z0-9]"
_EMAIL = re.compile(rf"{_EMAIL_LOCAL}@{_EMAIL_DOMAIN}")


def _check_email(value: str) -> str:
    if not (6 <= len(value) <= 64 and value.isascii() and _EMAIL.fullmatch(value)):
        raise ValueError(
            f"'{value}' is not an email AWS Organizations accepts "
            "(6 to 64 ASCII characters, one '@', a dotted domain)"
        )
    return value


AccountEmail = Annotated[
    str,
    AfterValidator(_check_email),
    WithJsonSchema({"type": "string", "format": "email", "minLength": 6, "maxLength": 64}),
]


def _check_account_id(value: object) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        raise ValueError(
            f"account id {value} must be quoted, e.g. id: '{value:012d}' "
            "(unquoted, YAML reads it as a number and may drop leading zeros)"
        )
    if not isinstance(value, str) or not re.fullmatch(r"\d{12}", value):
        raise ValueError(f"'{value}' is not an AWS account id: exactly 12 digits, quoted")
    return value


AccountId = Annotated[
    str,
    BeforeValidator(_check_account_id),
    WithJsonSchema({"type": "string", "pattern": r"^\d{12}$"}),
]
