"""The organization as an inline SVG: an indented tree of OUs and accounts, SCPs beside each
target, PCI scope outlined in red. Plain SVG, no script, so the report stays self-contained."""

from __future__ import annotations

from html import escape

from orgctl.evidence.inventory import Inventory, Node

ROW = 28
INDENT = 28
BOX_WIDTH = 260


def _rows(inventory: Inventory) -> list[tuple[int, Node]]:
    rows: list[tuple[int, Node]] = []

    def walk(node: Node, depth: int) -> None:
        rows.append((depth, node))
        for child in inventory.children(node.urn):
            walk(child, depth + 1)

    root = inventory.root
    if root is not None:
        walk(root, 0)
    placed = {node.urn for _, node in rows}
    for node in sorted(inventory.nodes.values(), key=lambda n: n.name):
        if node.urn not in placed:  # parents outside this export
            rows.append((1, node))
    return rows


def org_svg(inventory: Inventory) -> str:
    rows = _rows(inventory)
    height = ROW * len(rows) + 20
    width = 1100
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="Organization structure">'
    ]
    for index, (depth, node) in enumerate(rows):
        x, y = 10 + depth * INDENT, 10 + index * ROW
        fill = {"root": "#1f3b57", "ou": "#dbe8f5", "account": "#f4f4f4"}[node.kind]
        text_fill = "#ffffff" if node.kind == "root" else "#111111"
        stroke = "#c0392b" if node.pci else "#7a8b99"
        stroke_width = 3 if node.pci else 1
        label = node.name if node.kind != "account" else f"{node.name}  {node.account_id}"
        if node.pci:
            label += "  [PCI]"
        if depth:
            parts.append(
                f'<line x1="{x - INDENT + 8}" y1="{y + 11}" x2="{x}" y2="{y + 11}" '
                'stroke="#9aa7b2"/>'
            )
        parts.append(
            f'<rect x="{x}" y="{y}" width="{BOX_WIDTH}" height="22" rx="4" fill="{fill}" '
            f'stroke="{stroke}" stroke-width="{stroke_width}"/>'
        )
        parts.append(
            f'<text x="{x + 8}" y="{y + 15}" font-family="sans-serif" font-size="12" '
            f'fill="{text_fill}">{escape(label)}</text>'
        )
        if node.scps:
            parts.append(
                f'<text x="{x + BOX_WIDTH + 12}" y="{y + 15}" font-family="sans-serif" '
                f'font-size="11" fill="#2c5d2c">SCP: {escape(", ".join(sorted(node.scps)))}</text>'
            )
    parts.append("</svg>")
    return "\n".join(parts)
