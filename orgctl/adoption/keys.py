"""Blueprint keys made from live names: valid for the blueprint's name rules and unique, so an
import never writes a key the loader would refuse."""

from __future__ import annotations

import re


def _unique(base: str, taken: set[str], suffix: str, limit: int) -> str:
    key = base
    if key in taken:
        key = f"{base[: limit - len(suffix) - 1]}-{suffix}"
    taken.add(key)
    return key


def account_key(name: str, account_id: str, taken: set[str]) -> str:
    """'Prod App (1)' -> 'prod-app-1'; lowercase letters, digits and '-', at most 50."""
    base = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:50].strip("-") or "account"
    return _unique(base, taken, account_id[-4:], 50)


def group_key(display_name: str, taken: set[str]) -> str:
    base = re.sub(r"[^A-Za-z0-9_.@-]+", "-", display_name).strip("-_.@")[:128] or "group"
    if not base[0].isalnum():
        base = f"g{base}"[:128]
    return _unique(base, taken, str(len(taken)), 128)


def policy_key(name: str, taken: set[str]) -> str:
    base = re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-_.")[:128] or "scp"
    if not base[0].isalnum():
        base = f"p{base}"[:128]
    return _unique(base, taken, str(len(taken)), 128)


def statement_sid(wanted: str | None, fallback: str, taken: set[str]) -> str:
    """The live Sid when it is letters and digits and still free, otherwise `fallback` + n."""
    if wanted and re.fullmatch(r"[A-Za-z0-9]{1,128}", wanted) and wanted not in taken:
        taken.add(wanted)
        return wanted
    stem = re.sub(r"[^A-Za-z0-9]", "", fallback.title())[:120] or "Statement"
    number = 1
    while f"{stem}{number}" in taken:
        number += 1
    taken.add(f"{stem}{number}")
    return f"{stem}{number}"
