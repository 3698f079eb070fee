"""The review as one JSON document, for tools: every line with its flags and controls, the flag
counts, and (with `--previous`) what changed."""

from __future__ import annotations

import json
from collections import Counter

from orgctl.review.build import Review
from orgctl.review.flags import FRAMEWORK_NAMES, KINDS, PCI, SOC2
from orgctl.review.previous import Changes


def _line(line, mark: str) -> dict:
    return {
        **line.columns(),
        "change": mark,
        "flags": [
            {
                "code": f.code,
                "message": f.message,
                "controls": f.kind.control_ids,
                "references": list(f.kind.references),
            }
            for f in line.flags
        ],
    }


def to_document(review: Review, changes: Changes | None, disabled: dict | None = None) -> dict:
    marks = changes.marks if changes else {}
    counts = Counter(flag.code for _, flag in review.flags)
    return {
        "as_of": review.as_of.isoformat(),
        "organization_id": review.organization_id,
        "management_account_id": review.management_account_id,
        "basis": review.basis,
        "frameworks": {key: FRAMEWORK_NAMES[key] for key in (PCI, SOC2)},
        "flagged": bool(counts),
        "summary": {
            "lines": len(review.lines),
            "flags": sum(counts.values()),
            "by_flag": dict(sorted(counts.items())),
        },
        "flag_kinds": {
            code: {
                "title": kind.title,
                "controls": kind.control_ids,
                "references": list(kind.references),
                "control_text": kind.control_text,
            }
            for code, kind in KINDS.items()
        },
        "lines": [_line(line, marks.get(line.key, "")) for line in review.lines],
        "changes": None
        if changes is None
        else {
            "previous_file": changes.previous_file,
            "accounts": list(changes.accounts),
            "added": [_line(line, "new") for line in changes.added],
            "removed": [dict(s.values, line=s.line_number) for s in changes.removed],
            "marked_remove_still_present": [
                dict(s.values, line=s.line_number) for s in changes.still_present
            ],
        },
        "disable_unused": disabled,
    }


def to_json(
    review: Review, changes: Changes | None, disabled: dict | None = None, indent: int | None = 1
) -> str:
    """`indent=None` for large files: Python's fast encoder does not indent."""
    return json.dumps(to_document(review, changes, disabled), indent=indent)
