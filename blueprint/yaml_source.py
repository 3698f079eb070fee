"""YAML text -> plain Python data plus a map from every value's path to its line and column.

PyYAML silently keeps the last of two equal mapping keys, expands aliases without bound, raises
on impossible dates and reads `012` as octal, so the node graph is walked here by hand: duplicate
keys, merge keys, alias bombs and such scalars become diagnostics instead of surprises. A value
reached through an alias is reported where the alias is used, naming its anchor.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field

import yaml
from yaml.composer import Composer

from blueprint.diagnostics import Diagnostic, Path, render_path

# A real blueprint of 1,000 accounts has ~60,000 nodes; an alias bomb has billions.
MAX_EXPANDED_NODES = 1_000_000
MAX_NESTING_DEPTH = 64
MAX_FILE_BYTES = 16 * 1024 * 1024

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_MERGE_TAG = "tag:yaml.org,2002:merge"
# Digits with a leading zero: YAML 1.1 (PyYAML) reads them as octal when they can be, as text
# otherwise, and YAML 1.2 (editors, the JSON Schema) as a decimal number. Never what was meant.
_LEADING_ZERO_DIGITS = re.compile(r"[-+]?0[0-9_]+")


@dataclass(frozen=True)
class Position:
    line: int  # 1-based
    column: int  # 1-based


@dataclass(frozen=True)
class AliasUse:
    """`*name` written at `site`, standing for the value anchored `&name` at `anchor`."""

    name: str
    site: Position
    anchor: Position


@dataclass
class SourceMap:
    """Where each value (and each mapping key) of a document stands in its file."""

    file: str
    values: dict[Path, Position] = field(default_factory=dict)
    keys: dict[Path, Position] = field(default_factory=dict)
    mappings: set[Path] = field(default_factory=set)
    aliases: dict[Path, AliasUse] = field(default_factory=dict)
    # Values the YAML stage already reported (an impossible date, an octal number): later
    # stages would only repeat the same problem in vaguer words.
    reported: set[Path] = field(default_factory=set)

    def already_reported(self, path: Path) -> bool:
        return any(path[:depth] in self.reported for depth in range(len(path), 0, -1))

    def _alias_above(self, path: Path) -> AliasUse | None:
        if not self.aliases:
            return None
        for depth in range(len(path), 0, -1):
            use = self.aliases.get(path[:depth])
            if use is not None:
                return use
        return None

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
        # A key is written in its parent mapping, so only an alias above the parent moves it.
        use = self._alias_above(path[:-1] if at_key else path)
        if use is not None:
            # The text at `position` is the anchor's, shared by every alias of it: point at the
            # use that put it here, and say where the value itself is written.
            message += (
                f" (through alias '*{use.name}'; the value is written at line {position.line}, "
                f"under anchor '&{use.name}' at line {use.anchor.line})"
            )
            position = use.site
        return Diagnostic(
            self.file, position.line, position.column, render_path(path), message, severity
        )


class _TooLarge(Exception):
    pass


class _Recursive(Exception):
    def __init__(self, edge: tuple[int, int] | None, anchor: yaml.Node):
        self.edge = edge
        self.anchor = anchor


def _position(node_or_mark) -> Position:
    mark = getattr(node_or_mark, "start_mark", node_or_mark)
    return Position(mark.line + 1, mark.column + 1)


# (id of the parent node, sequence index or id of the mapping key node) -> the alias written there
AliasSites = dict[tuple[int, int], tuple[str, Position]]


class _AliasRecordingLoader(Composer, _Loader):
    """PyYAML's composer returns the anchored node for an alias and forgets where the alias was
    written; this one records every alias's position and anchor name by the edge it fills."""

    def __init__(self, stream: str):
        _Loader.__init__(self, stream)
        Composer.__init__(self)
        self.alias_sites: AliasSites = {}

    def compose_node(self, parent, index):
        if parent is not None and self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            edge = index if isinstance(index, int) else id(index)
            self.alias_sites[(id(parent), edge)] = (event.anchor, _position(event.start_mark))
        return Composer.compose_node(self, parent, index)


# An alias token: '*' after whitespace, a flow indicator or the line start ('iam:*' is not one).
_ALIAS_TOKEN = re.compile(r"(?:^|[\s\[{,])\*[^\s,\[\]{}]", re.MULTILINE)


def _compose(text: str) -> tuple[yaml.Node | None, AliasSites]:
    if not _ALIAS_TOKEN.search(text):  # no alias can occur: PyYAML's C composer, the fast path
        return yaml.compose(text, Loader=_Loader), {}
    loader = _AliasRecordingLoader(text)
    try:
        return loader.get_single_node(), loader.alias_sites
    finally:
        loader.dispose()


def _edge(node: yaml.Node, index: int, key_node: yaml.Node | None) -> tuple[int, int]:
    return (id(node), index if key_node is None else id(key_node))


def _describe_number_text(text: str, value: object) -> str:
    if isinstance(value, int):
        return (
            f"unquoted {text} is read by YAML 1.1 as the octal number {value}; "
            f"quote the digits: '{text}'"
        )
    return (
        f"unquoted {text} is text to YAML 1.1 but the number {int(text.replace('_', ''))} to "
        f"YAML 1.2 tools such as editors; quote the digits: '{text}'"
    )


_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def _why_not_a_date(text: str) -> str | None:
    match = _DATE.match(text)
    if match is None:
        return None
    year, month, day = (int(part) for part in match.groups())
    if not 1 <= month <= 12:
        return f"there is no month {month}"
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        return f"{calendar.month_name[month]} {year} has {days} days"
    return None


def _construct_scalar_failure(node: yaml.ScalarNode, error: Exception) -> str:
    reason = getattr(error, "problem", None) or str(error)
    if node.tag == "tag:yaml.org,2002:timestamp":
        reason = _why_not_a_date(node.value) or reason
        return f"'{node.value}' is not a real calendar date ({reason}); write YYYY-MM-DD"
    return f"'{node.value}' cannot be read as {node.tag.rpartition(':')[2]} ({reason})"


class _Builder:
    def __init__(self, source_map: SourceMap, alias_sites: AliasSites):
        self.source_map = source_map
        self.alias_sites = alias_sites
        self.anchors: dict[str, Position] = {}
        self.diagnostics: list[Diagnostic] = []
        self.scalar_loader = _Loader("")

    def build(self, node: yaml.Node, path: Path, edge: tuple[int, int] | None = None) -> object:
        site = self.alias_sites.get(edge) if edge is not None and self.alias_sites else None
        if site is not None:
            name, position = site
            self.source_map.aliases[path] = AliasUse(name, position, _position(node))
        self.source_map.values[path] = _position(node)
        if isinstance(node, yaml.MappingNode):
            self.source_map.mappings.add(path)
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            if not self.alias_sites:
                return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
            return [
                self.build(item, (*path, i), _edge(node, i, None))
                for i, item in enumerate(node.value)
            ]
        return self._scalar(node, path)

    def _scalar(self, node: yaml.ScalarNode, path: Path) -> object:
        try:
            value = self.scalar_loader.construct_object(node)
        except (yaml.YAMLError, ValueError, OverflowError) as error:
            self._report(path, _construct_scalar_failure(node, error))
            return node.value
        if not node.style and _LEADING_ZERO_DIGITS.fullmatch(node.value):
            self._report(path, _describe_number_text(node.value, value))
        return value

    def _report(self, path: Path, message: str) -> None:
        self.diagnostics.append(self.source_map.diagnostic(path, message))
        self.source_map.reported.add(path)

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
            edge = _edge(node, 0, key_node) if self.alias_sites else None
            result[key] = self.build(value_node, child, edge)
        return result

    def _at(self, node: yaml.Node, path: Path, message: str) -> Diagnostic:
        position = _position(node)
        return Diagnostic(
            self.source_map.file, position.line, position.column, render_path(path), message
        )


def _edge_at(node: yaml.Node, position: int) -> tuple[int, int] | None:
    """The alias-site edge of a node's `position`-th child (keys and values interleaved)."""
    if isinstance(node, yaml.MappingNode):
        if position % 2 == 0:
            return None  # a key: alias positions of keys are not recorded
        return _edge(node, 0, node.value[position // 2][0])
    return _edge(node, position, None)


def _expanded_size(root: yaml.Node) -> int | None:
    """Values the document would have once aliases are expanded; None if that exceeds the limits.

    Memoised per node, so an alias bomb is measured in microseconds instead of being expanded.
    Raises _Recursive, with the edge that closes the loop, for an alias inside its own anchor.
    """
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()

    def size(node: yaml.Node, depth: int) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if depth > MAX_NESTING_DEPTH:
            raise _TooLarge
        if isinstance(node, yaml.MappingNode):
            children = [item for pair in node.value for item in pair]
        elif isinstance(node, yaml.SequenceNode):
            children = node.value
        else:
            children = []
        open_nodes.add(key)
        total = 1
        for position, child in enumerate(children):
            if id(child) in open_nodes:
                raise _Recursive(_edge_at(node, position), child)
            total += size(child, depth + 1)
        open_nodes.discard(key)
        if total > MAX_EXPANDED_NODES:
            raise _TooLarge
        sizes[key] = total
        return total

    try:
        return size(root, 0)
    except _TooLarge:
        return None


def _recursive_alias(file: str, error: _Recursive, alias_sites: AliasSites) -> Diagnostic:
    anchor = _position(error.anchor)
    site = alias_sites.get(error.edge) if error.edge is not None else None
    if site is None:  # closed through a mapping key, whose alias position is not recorded
        name, position, alias = "", anchor, "an alias"
    else:
        name, position = site
        alias = f"alias '*{name}'"
    message = (
        f"recursive {alias}: it stands inside the value of its own anchor "
        f"'&{name}' (line {anchor.line}), which would have to contain itself"
    )
    return Diagnostic(file, position.line, position.column, "", message)


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
        root, alias_sites = _compose(text)
    except yaml.YAMLError as error:
        return None, source_map, [_yaml_error(file, text, error)]
    if root is None:
        message = "file is empty; a blueprint starts with 'version: 1'"
        return None, source_map, [Diagnostic(file, 1, 1, "", message)]
    try:
        expanded = _expanded_size(root)
    except _Recursive as error:
        return None, source_map, [_recursive_alias(file, error, alias_sites)]
    if expanded is None:
        message = (
            f"document expands to more than {MAX_EXPANDED_NODES:,} values or nests deeper than "
            f"{MAX_NESTING_DEPTH} levels (an alias bomb or a recursive alias?)"
        )
        return None, source_map, [Diagnostic(file, 1, 1, "", message)]
    builder = _Builder(source_map, alias_sites)
    try:
        data = builder.build(root, ())
    except yaml.YAMLError as error:
        return None, source_map, [_yaml_error(file, text, error)]
    return data, source_map, builder.diagnostics
