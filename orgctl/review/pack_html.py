"""The review as one HTML page managers can read, print and sign: a section per account owner,
a table per account with a line per person and access, its flags and controls, and empty cells
for the decision (keep/remove), the reviewer's name and the date. No script: it prints as is."""

from __future__ import annotations

from collections import Counter
from html import escape

from orgctl.evidence.style import STYLE
from orgctl.review.build import Review
from orgctl.review.flags import KINDS
from orgctl.review.pack_csv import owner_file_name
from orgctl.review.previous import Changes

EXTRA_STYLE = """
.flag{display:block;margin:2px 0}.flag b{color:#b3261e}.controls{color:#4a5a6a;font-size:12px}
td.sign{min-width:90px;background:#fff}.new{font-weight:700;color:#1f3b57}
table.review td{overflow-wrap:normal;word-break:normal}table.review td.wrap{overflow-wrap:anywhere}
table.review td.date{white-space:nowrap}table.review th.flags{width:34%}
"""
HEADERS = ("Access type", "Who", "Via", "Access", "Session", "Last used", "Flags", "Change",
           "Decision (keep/remove)", "Reviewer", "Date")  # fmt: skip


def _e(value: str) -> str:
    return escape(value, quote=True)


def _summary(review: Review) -> str:
    counts = Counter(flag.code for _, flag in review.flags)
    if not counts:
        return "<p class='summary'>No flags.</p>"
    rows = "".join(
        f"<tr><td><code>{_e(code)}</code></td><td>{_e(KINDS[code].title)}</td>"
        f"<td>{_e(KINDS[code].control_text)}</td><td>{n}</td></tr>"
        for code, n in sorted(counts.items())
    )
    return (
        f"<p class='summary'>{sum(counts.values())} flag(s) to decide on.</p>"
        "<table><tr><th>Flag</th><th>Meaning</th><th>Controls</th><th>Count</th></tr>"
        f"{rows}</table>"
    )


def _line_row(line, mark: str | None) -> str:
    who = _e(line.principal) + (
        f"<br><small>{_e(line.display_name)}</small>" if line.display_name else ""
    )
    flags = "".join(
        f"<span class='flag'><b>{_e(f.code)}</b>: {_e(f.message)} "
        f"<span class='controls'>({_e(f.controls)})</span></span>"
        for f in line.flags
    )
    cells = [
        f"<td>{_e(line.kind)}</td>",
        f"<td>{who}</td>",
        f"<td>{_e(line.via)}</td>",
        f"<td class='wrap'>{_e(line.access)}</td>",
        f"<td>{_e(line.session)}</td>",
        f"<td class='date'>{_e(line.last_used)}</td>",
        f"<td>{flags}</td>",
    ]
    if mark is not None:  # a Change column only when there is a previous review
        shown = f"<span class='new'>{_e(mark)}</span>" if mark == "new" else _e(mark)
        cells.append(f"<td>{shown}</td>")
    return "<tr>" + "".join(cells) + "<td class='sign'></td>" * 3 + "</tr>"


def _changes(changes: Changes) -> str:
    parts = [
        f"<h2>Changes since {_e(changes.previous_file)}</h2>",
        f"<p>{len(changes.added)} new, {len(changes.removed)} gone, "
        f"{len(changes.still_present)} marked 'remove' and still present, in the "
        f"{len(changes.accounts)} account(s) the previous review covered.</p>",
    ]
    if changes.removed:
        items = "".join(
            f"<li>{_e(s.values['account'])}: {_e(s.values['access_type'])} "
            f"'{_e(s.values['principal'])}' {_e(s.values['via'])} {_e(s.values['access'])} "
            f"(decided: {_e(s.decision or 'none')})</li>"
            for s in changes.removed
        )
        parts.append(f"<h3>Gone</h3><ul>{items}</ul>")
    return "".join(parts)


def to_html(review: Review, changes: Changes | None) -> str:
    marks = changes.marks if changes else {}
    headers = [h for h in HEADERS if changes is not None or h != "Change"]
    head = "".join(
        f"<th class='flags'>{_e(h)}</th>" if h == "Flags" else f"<th>{_e(h)}</th>" for h in headers
    )
    sections = []
    for owner in review.owners:
        lines = [line for line in review.lines if line.account.owner == owner]
        title = owner or "Accounts without an owner"
        body = [
            f"<h2 id='{_e(owner_file_name(owner)[:-4])}'>{_e(title)}</h2>",
            f"<p>Sign in the table, or in <code>{_e(owner_file_name(owner))}</code>.</p>",
        ]
        for account in (a for a in review.accounts if a.owner == owner):
            rows = [line for line in lines if line.account.id == account.id]
            env = f", {account.environment}" if account.environment else ""
            body.append(f"<h3>{_e(account.name)} ({_e(account.id)}{_e(env)})</h3>")
            if not rows:
                body.append("<p>No people, IAM users or outside trust found.</p>")
                continue
            body.append(
                f"<table class='review'><tr>{head}</tr>"
                + "".join(
                    _line_row(line, marks.get(line.key, "") if changes else None) for line in rows
                )
                + "</table>"
            )
        sections.append("".join(body))
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>Access review {review.as_of}</title>"
        f"<style>{STYLE}{EXTRA_STYLE}</style></head><body>"
        f"<h1>Access review as of {review.as_of}</h1>"
        "<div class='banner'><div class='kind'>Read from the live organization "
        f"{_e(review.organization_id)}</div>"
        f"Expected access: {_e(review.basis)}. Every line is access that exists now; a flag "
        "says what the reviewer must decide on, with the control it serves. The review supports "
        "PCI DSS v4.0.1 7.2.4 (access reviewed at least every six months) and SOC 2 CC6.2, "
        "CC6.3.</div>"
        + _summary(review)
        + (_changes(changes) if changes else "")
        + "".join(sections)
        + "<div class='end'>End of the review</div></body></html>\n"
    )
