"""The prod blueprint with keys renamed, as a reviewer would write the change: account
'prod-app-1' -> 'checkout-prod', OU 'Production' -> 'Prod' (its child OU's path changes with
it), permission set 'DBA' -> 'DatabaseAdmin', group 'dbas' -> 'database-admins'; every
reference follows, and each renamed key says `renamed_from` unless told not to."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import PROD

# (old key, new key, indentation of the key's own fields)
RENAMES = (
    ("prod-app-1", "checkout-prod", "    "),
    ("Production", "Prod", "    "),
    ("DBA", "DatabaseAdmin", "    "),
    ("dbas", "database-admins", "    "),
)
_REFERENCE_LINE = re.compile(r"^(\s*(?:- )?(?:accounts|ous|only|permission_set|group):\s*)(.*)$")


def renamed_prod_text(with_renamed_from: bool = True, renames=RENAMES) -> str:
    lines = []
    for line in PROD.read_text().splitlines(keepends=True):
        for old, new, indent in renames:
            if line == f"  {old}:\n":
                line = f"  {new}:\n"
                if with_renamed_from:
                    line += f"{indent}renamed_from: [{old}]\n"
                break
            match = _REFERENCE_LINE.match(line.rstrip("\n"))
            if match:
                value = re.sub(rf"(?<![\w-]){re.escape(old)}(?![\w-])", new, match.group(2))
                line = match.group(1) + value + "\n"
        lines.append(line)
    return "".join(lines)


def write_renamed_prod(folder: Path, with_renamed_from: bool = True, name="renamed.yaml") -> Path:
    path = folder / name
    path.write_text(renamed_prod_text(with_renamed_from))
    return path
