"""Write blueprint data as YAML with comments where the notes point: PyYAML drops comments, so
this small emitter writes block style itself and leaves quoting of each scalar to PyYAML."""

from __future__ import annotations

import textwrap

import yaml

HEADER = (
    "# Written by `orgctl import` from the live organization. Comments marked IMPORT say where\n"
    "# the organization does what this blueprint cannot express, breaks one of its rules, or\n"
    "# where the import made a choice to review. Reference: docs/blueprint.md\n"
)
LABELS = {
    "cannot-express": "IMPORT (cannot express, left out)",
    "breaks-rule": "IMPORT (breaks a rule)",
    "review": "IMPORT (review)",
}


def scalar(value) -> str:
    if isinstance(value, str) and value.isdigit():
        return f'"{value}"'  # account ids stay strings
    text = yaml.safe_dump(value, default_flow_style=True, width=10_000, allow_unicode=True)
    return text.removesuffix("\n...\n").removesuffix("\n")


def _flow(value) -> str:
    """Short lists of scalars on one line, as people write them."""
    return "[" + ", ".join(scalar(v) for v in value) + "]"


def _is_scalar(value) -> bool:
    return not isinstance(value, (dict, list))


class _Emitter:
    def __init__(self, notes):
        self.notes: dict[tuple, list] = {}
        for note in notes:
            self.notes.setdefault(tuple(note.where), []).append(note)
        self.lines: list[str] = []

    def comments(self, path: tuple, indent: int) -> None:
        for note in self.notes.get(path, []):
            text = f"{LABELS[note.kind]}: {note.message}."
            width = max(40, 98 - indent)
            for line in textwrap.wrap(text, width - 2, subsequent_indent="  "):
                self.lines.append(" " * indent + "# " + line)

    def mapping(self, value: dict, path: tuple, indent: int) -> None:
        for key, item in value.items():
            here = (*path, key)
            self.comments(here, indent)
            self.entry(f"{' ' * indent}{scalar(key)}:", item, here, indent)

    def entry(self, head: str, item, path: tuple, indent: int) -> None:
        if _is_scalar(item):
            self.lines.append(f"{head} {scalar(item)}")
        elif not item:
            self.lines.append(f"{head} {'{}' if isinstance(item, dict) else '[]'}")
        elif (
            isinstance(item, list)
            and all(_is_scalar(v) for v in item)
            and len(_flow(item)) + len(head) < 96
        ):
            self.lines.append(f"{head} {_flow(item)}")
        elif isinstance(item, dict):
            self.lines.append(head)
            self.mapping(item, path, indent + 2)
        else:
            self.lines.append(head)
            self.sequence(item, path, indent + 2)

    def sequence(self, value: list, path: tuple, indent: int) -> None:
        for index, item in enumerate(value):
            here = (*path, index)
            self.comments(here, indent)
            if isinstance(item, dict) and item:
                start = len(self.lines)
                self.mapping(item, here, indent + 2)
                first = self.lines[start]
                self.lines[start] = " " * indent + "- " + first[indent + 2 :]
            elif _is_scalar(item):
                self.lines.append(f"{' ' * indent}- {scalar(item)}")
            else:
                self.lines.append(f"{' ' * indent}- {_flow(item)}")


def to_yaml(document: dict, notes) -> str:
    emitter = _Emitter(notes)
    sections = list(document.items())
    for index, (key, value) in enumerate(sections):
        if index:
            emitter.lines.append("")
        emitter.comments((key,), 0)
        emitter.entry(f"{scalar(key)}:", value, (key,), 0)
    return HEADER + "\n".join(emitter.lines) + "\n"
