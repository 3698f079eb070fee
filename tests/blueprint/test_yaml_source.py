from __future__ import annotations

from blueprint.yaml_source import parse_yaml


def _messages(raw: bytes) -> list[str]:
    _data, _, diagnostics = parse_yaml("b.yaml", raw)
    return [str(d) for d in diagnostics]


def test_duplicate_key_is_an_error_naming_both_lines():
    (message,) = _messages(b"a: 1\nb: 2\na: 3\n")
    assert message.startswith("b.yaml:3:1: a: duplicate key 'a' (first defined at line 1)")


def test_positions_are_kept_for_values_and_keys():
    data, source, diagnostics = parse_yaml("b.yaml", b"top:\n  list:\n    - x\n    - {k: v}\n")
    assert not diagnostics
    assert data == {"top": {"list": ["x", {"k": "v"}]}}
    position = source.value_at(("top", "list", 1, "k"))
    assert (position.line, position.column) == (4, 11)
    key = source.key_at(("top", "list"))
    assert (key.line, key.column) == (2, 3)


def test_recursive_alias_is_rejected():
    (message,) = _messages(b"a: &x [*x]\n")
    assert "alias bomb or a recursive alias" in message


def test_alias_bomb_is_rejected_before_expansion():
    lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 10):
        refs = ", ".join([f"*l{level - 1}"] * 9)
        lines.append(f"l{level}: &l{level} [{refs}]")
    data, _, diagnostics = parse_yaml("bomb.yaml", "\n".join(lines).encode())
    assert data is None
    assert "expands to more than 1,000,000 values" in diagnostics[0].message


def test_shared_aliases_within_limits_are_expanded():
    data, _, diagnostics = parse_yaml("b.yaml", b"t: &t {k: v}\nu: *t\n")
    assert not diagnostics
    assert data == {"t": {"k": "v"}, "u": {"k": "v"}}


def test_merge_keys_are_refused():
    (message,) = _messages(b"base: &b {x: 1}\nc:\n  <<: *b\n")
    assert "merge keys ('<<') are not supported" in message


def test_binary_garbage_is_reported_as_not_text():
    (message,) = _messages(b"\x89PNG\r\n\x1a\n\x00\x00\xff")
    assert message == "b.yaml:1:1: not UTF-8 text (byte 0x89); is this a binary file?"


def test_nul_byte_in_utf8_text_is_reported():
    (message,) = _messages(b"a: 1\nb: \x00\n")
    assert message.startswith("b.yaml:2:1: contains a NUL byte")


def test_empty_and_comment_only_files_are_empty():
    for raw in (b"", b"# just a comment\n"):
        (message,) = _messages(raw)
        assert "file is empty" in message


def test_non_string_keys_keep_their_text():
    data, _, _ = parse_yaml("b.yaml", b"1: a\nyes: b\n")
    assert data == {"1": "a", "yes": "b"}


def test_syntax_error_points_at_the_problem():
    (message,) = _messages(b"a: [1, 2\nb: 3\n")
    assert message.startswith("b.yaml:2:")
    assert "invalid YAML" in message
