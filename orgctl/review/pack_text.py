"""The review for a terminal: each flag with its controls, then the counts and what changed."""

from __future__ import annotations

from collections import Counter

from orgctl.review.build import Review
from orgctl.review.previous import Changes


def to_text(review: Review, changes: Changes | None) -> str:
    accounts = len(review.accounts)
    out = [
        f"Access review as of {review.as_of} of organization {review.organization_id}",
        f"Expected access: {review.basis}",
        f"{len(review.lines)} access line(s) in {accounts} account(s)",
    ]
    for line, flag in review.flags:
        where = f"{line.account.name} ({line.account.id})"
        out.append(f"{where}: {flag.code}: {flag.message} [{flag.controls}]")
    if changes is not None:
        out.append(
            f"Since {changes.previous_file}: {len(changes.added)} new, "
            f"{len(changes.removed)} gone, {len(changes.still_present)} marked 'remove' and "
            "still present"
        )
        for line in changes.added:
            what = f"{line.kind} '{line.principal}' {line.via} {line.access}"
            out.append(f"  new: {line.account.name}: {what}".rstrip())
        for signed in changes.removed:
            values = signed.values
            what = f"{values['access_type']} '{values['principal']}' {values['via']}"
            out.append(f"  gone: {values['account']}: {what} {values['access']}".rstrip())
    counts = Counter(flag.code for _, flag in review.flags)
    if counts:
        out.append("Flags: " + ", ".join(f"{code} {n}" for code, n in sorted(counts.items())))
    else:
        out.append("No flags")
    return "\n".join(out)
