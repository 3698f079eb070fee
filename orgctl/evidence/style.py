"""The evidence page's stylesheet: readable at 1400 px, and printable to PDF (an auditor files
PDFs) with headings kept with their tables and rows never split across pages."""

STYLE = """
*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:24px auto;padding:0 24px;
color:#111;max-width:1400px;font-size:14px;line-height:1.4}
h1{margin-bottom:8px} h2{margin-top:32px;border-bottom:2px solid #1f3b57;padding-bottom:4px}
code{font-size:12px}
.banner{border:2px solid #1f3b57;border-radius:6px;padding:10px 16px;margin:12px 0}
.banner.offline{border-color:#8a6d00;background:#fff8e1} .banner.deployed{background:#eef6ee}
.banner .kind{font-size:20px;font-weight:700;margin:4px 0}
table{border-collapse:collapse;width:100%;margin:12px 0 20px;font-size:13px}
th,td{border:1px solid #ccd;padding:5px 7px;text-align:left;vertical-align:top;
overflow-wrap:anywhere}
th{background:#eef2f6;overflow-wrap:normal} tr:nth-child(even) td{background:#fafbfc}
table.facts{width:auto;min-width:50%} table.facts th{width:190px}
table.controls th:nth-child(1){width:22%} table.controls th:nth-child(2){width:20%}
table.controls th:nth-child(3){width:20%} table.controls th:nth-child(4){width:16%}
.status{color:#fff;border-radius:3px;padding:1px 7px;font-weight:600;white-space:nowrap}
.status.ok{background:#1e7b34} .status.bad{background:#b3261e}
.status.missing{background:#5f4b00} .status.outside{background:#4a5a6a}
.summary{font-size:15px;font-weight:600}
.svg{overflow-x:auto;border:1px solid #dde;padding:8px}
pre{background:#f6f8fa;border:1px solid #dde;padding:8px;font-size:11px;white-space:pre-wrap;
overflow-wrap:anywhere}
.end{margin-top:32px;padding:8px;background:#1f3b57;color:#fff;text-align:center}
@page{size:A4 landscape;margin:12mm}
@media print{
 body{margin:0;padding:0;max-width:none;font-size:11px}
 h2{break-after:avoid} h3{break-after:avoid} tr,pre{break-inside:avoid}
 .svg{overflow:visible;border:none} .svg svg{max-width:100%;height:auto}
 a{color:inherit;text-decoration:none}
 .banner,.status,th,.end{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
"""
