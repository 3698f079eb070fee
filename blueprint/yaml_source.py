"""YAML text -> plain Python data plus a map from every value's path to its line and column.

PyYAML silently keeps the last of two equal mapping keys and expands aliases without bound, so
the node graph is walked here by hand: duplicate keys, merge keys and alias bombs become
diagnostics instead of surprises.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

from blueprint.diagnostics import Diagnostic, Path, render_path

# A real blueprint of 1,000 accounts has ~60,000 nodes; an alias bomb has billions.
MAX_EXPANDED_NODES = 1_000_000
MAX_NESTING_DEPTH = 64
MAX_FILE_BYTES = 16 * 1024 * 1024

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_MERGE_TAG = "tag:yaml.org,2002:merge"


@dataclass(frozen=True)
class Position:
    line: int  # 1-based
    column: int  # 1-based


@dataclass
class SourceMap:
    """Where each value (and each mapping key) of a document stands in its file."""

    file: str
    values: dict[Path, Position] = field(default_factory=dict)
    keys: dict[Path, Position] = field(default_factory=dict)
    mappings: set[Path] = field(default_factory=set)

    def value_at(self, path: Path) -> Position:
        """Position of the value at `path`, or of its nearest located ancestor."""
        for depth in range(len(path), -1, -1):
            position = self.values.get(path[:depth])
            if position is not None:
                return position
        return Position(1, 1)

    def key_at(self, path: Path) -> Position:
        """Position of the key that introduces `path`, or of its nearest located ancestor key."""
        for depth in range(len(path), 0, -1):
            position = self.keys.get(path[:depth])
            if position is not None:
                return position
        return self.value_at(path)

    def diagnostic(
        self, path: Path, message: str, *, at_key: bool = False, severity: str = "error"
    ) -> Diagnostic:
        position = self.key_at(path) if at_key else self.value_at(path)
        return Diagnostic(
            self.file, position.line, position.column, render_path(path), message, severity
        )


class _TooLarge(Exception):
    pass


def _position(node: yaml.Node) -> Position:
    return Position(node.start_mark.line + 1, node.start_mark.column + 1)


class _Builder:
    def __init__(self, source_map: SourceMap):
        self.source_map = source_map
        self.diagnostics: list[Diagnostic] = []
        self.scalar_loader = _Loader("")

    def build(self, node: yaml.Node, path: Path) -> object:
        self.source_map.values[path] = _position(node)
        if isinstance(node, yaml.MappingNode):
            self.source_map.mappings.add(path)
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        return self.scalar_loader.construct_object(node)

    def _mapping(self, node: yaml.MappingNode, path: Path) -> dict:
        result: dict = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                self.diagnostics.append(
                    self._at(
                        key_node, path, "merge keys ('<<') are not supported; write the keys out"
                    )
                )
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.diagnostics.append(
                    self._at(key_node, path, "a mapping key must be a plain scalar")
                )
                continue
            key = self.scalar_loader.construct_object(key_node)
            if not isinstance(key, str):
                # `1:`, `yes:` or a date as a key would silently become a number, bool or date.
                key = str(key_node.value)
            child = (*path, key)
            if key in result:
                first = self.source_map.keys[child]
                self.diagnostics.append(
                    self._at(
                        key_node,
                        child,
                        f"duplicate key '{key}' (first defined at line {first.line}); "
                        "YAML would silently keep only the last one",
                    )
                )
                continue
            self.source_map.keys[child] = _position(key_node)
            result[key] = self.build(value_node, child)
        return result

    def _at(self, node: yaml.Node, path: Path, message: str) -> Diagnostic:
        position = _position(node)
        return Diagnostic(
            self.source_map.file, position.line, position.column, render_path(path), message
        )


def _expanded_size(root: yaml.Node) -> int | None:
    """Values the document would have once aliases are expanded; None if that exceeds the limits.

    Memoised per node, so an alias bomb is measured in microseconds instead of being expanded.
    """
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()

    def size(node: yaml.Node, depth: int) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in open_nodes or depth > MAX_NESTING_DEPTH:
            raise _TooLarge
        if isinstance(node, yaml.MappingNode):
            children = [item for pair in node.value for item in pair]
        elif isinstance(node, yaml.SequenceNode):
            children = node.value
        else:
            children = []
        open_nodes.add(key)
        total = 1 + sum(size(child, depth + 1) for child in children)
        open_nodes.discard(key)
        if total > MAX_EXPANDED_NODES:
            raise _TooLarge
        sizes[key] = total
        return total

    try:
        return size(root, 0)
    except _TooLarge:
        return None


def _yaml_error(file: str, text: str, error: yaml.YAMLError) -> Diagnostic:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = getattr(error, "problem", None) or str(error).splitlines()[0]
    context = getattr(error, "context", None)
    message = f"invalid YAML: {context}, {problem}" if context else f"invalid YAML: {problem}"
    if mark is not None and text[mark.index : mark.index + 1] == "\t":
        message += " (a tab; YAML indents with spaces only)"
    return Diagnostic(file, line, column, "", message)


def _decode(file: str, raw: bytes) -> tuple[str | None, list[Diagnostic]]:
    if len(raw) > MAX_FILE_BYTES:
        size = f"{len(raw) / 1024 / 1024:.0f} MiB"
        return None, [Diagnostic(file, 1, 1, "", f"file is {size}; a blueprint is at most 16 MiB")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        return None, [
            Diagnostic(
                file,
                line,
                column,
                "",
                f"not UTF-8 text (byte 0x{raw[error.start]:02x}); is this a binary file?",
            )
        ]
    if "\x00" in text:
        offset = text.index("\x00")
        line = text.count("\n", 0, offset) + 1
        return None, [Diagnostic(file, line, 1, "", "contains a NUL byte; is this a binary file?")]
    return text, []


def parse_yaml(file: str, raw: bytes) -> tuple[object, SourceMap, list[Diagnostic]]:
    """Parse one YAML document. Returns (data, source map, diagnostics); data is None on failure."""
    source_map = SourceMap(file)
    text, problems = _decode(file, raw)
    if text is None:
        return None, source_map, problems
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as error:
        return None, source_map, [_yaml_error(file, text, error)]
    if root is None:
        message = "file is empty; a blueprint starts with 'version: 1'"
        return None, source_map, [Diagnostic(file, 1, 1, "", message)]
    if _expanded_size(root) is None:
        message = (
            f"document expands to more than {MAX_EXPANDED_NODES:,} values or nests deeper than "
            f"{MAX_NESTING_DEPTH} levels (an alias bomb or a recursive alias?)"
        )
        return None, source_map, [Diagnostic(file, 1, 1, "", message)]
    builder = _Builder(source_map)
    try:
        data = builder.build(root, ())
    except yaml.YAMLError as error:
        return None, source_map, [_yaml_error(file, text, error)]
    return data, source_map, builder.diagnostics
