"""The HTML pack opens in headless Chromium (orgctl/screenshot.py) without console messages,
and shows each flag, its controls and the cells the reviewer signs."""

from __future__ import annotations

from orgctl.screenshot import open_page
from tests.orgctl.review.seeded import write_test_record
from tests.orgctl.review.test_seeded_review import review


def test_html_pack_renders_in_chromium_without_console_errors(seeded_org, tmp_path):
    out = tmp_path / "pack"
    code, _ = review("--out", str(out), "--break-glass-tests", write_test_record(tmp_path / "t"))
    assert code == 1
    page = out / "index.html"
    text = page.read_text()
    assert "Decision (keep/remove)" in text and "PCI DSS v4.0.1 8.2.6; SOC 2 CC6.2" in text
    assert "<script" not in text
    check = open_page(page, tmp_path / "review.png")
    assert check.console == []
    assert check.height > 900  # the whole pack, not an empty page
    assert sorted(p.name for p in out.iterdir()) == [
        "index.html",
        "review-no-owner.csv",
        "review-payments-lead.csv",
        "review-platform-lead.csv",
        "review.json",
    ]


def test_a_page_with_a_fault_is_reported(tmp_path):
    """The check can fail: a page that logs to the console is caught."""
    page = tmp_path / "bad.html"
    page.write_text("<html><body><script>console.error('broken')</script></body></html>")
    assert open_page(page, tmp_path / "bad.png").console == ["console.error: broken"]


def test_html_on_standard_output_without_a_change_column(seeded_org):
    code, printed = review("--format", "html")
    assert code == 1
    assert printed.startswith("<!DOCTYPE html>") and printed.rstrip().endswith("</html>")
    assert "<th>Change</th>" not in printed and "Decision (keep/remove)" in printed
