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


def test_recursive_alias_is_a_located_error_at_the_alias():
    (message,) = _messages(b"top: 1\na: &x\n  b: [1, *x]\n")
    assert message == (
        "b.yaml:3:10: recursive alias '*x': it stands inside the value of its own anchor '&x' "
        "(line 2), which would have to contain itself"
    )


def test_value_through_an_alias_is_located_at_the_use_naming_the_anchor():
    _data, source, diagnostics = parse_yaml("b.yaml", b"base: &b {k: 1}\nuse:\n  x: *b\n")
    assert not diagnostics
    assert str(source.diagnostic(("use", "x", "k"), "bad")) == (
        "b.yaml:3:6: use.x.k: bad (through alias '*b'; the value is written at line 1, "
        "under anchor '&b' at line 1)"
    )
    assert str(source.diagnostic(("base", "k"), "bad")) == "b.yaml:1:14: base.k: bad"
    assert str(source.diagnostic(("use", "x"), "bad", at_key=True)) == "b.yaml:3:3: use.x: bad"


def test_impossible_calendar_date_is_located_not_a_traceback():
    (message,) = _messages(b"a: 1\nexpires: 2026-02-30\n")
    assert message == (
        "b.yaml:2:10: expires: '2026-02-30' is not a real calendar date "
        "(February 2026 has 28 days); write YYYY-MM-DD"
    )
    (message,) = _messages(b"expires: 2026-13-01\n")
    assert "'2026-13-01' is not a real calendar date (there is no month 13)" in message


def test_leading_zero_octal_suggests_the_original_digits():
    (message,) = _messages(b"id: 012345670123\n")
    assert message == (
        "b.yaml:1:5: id: unquoted 012345670123 is read by YAML 1.1 as the octal number "
        "1402433619; quote the digits: '012345670123'"
    )


def test_leading_zero_digits_that_yaml_11_keeps_as_text_are_still_refused():
    (message,) = _messages(b"id: 012345678901\n")
    assert "to YAML 1.2 tools such as editors; quote the digits: '012345678901'" in message


def test_quoted_digits_and_plain_zero_are_fine():
    assert _messages(b"id: '012345670123'\nn: 0\nm: 10\n") == []


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


def test_only_text_with_an_alias_token_takes_the_slower_alias_recording_path():
    from blueprint.yaml_source import _ALIAS_TOKEN

    assert _ALIAS_TOKEN.search("a: *x") and _ALIAS_TOKEN.search("- [1, *x]")
    assert not _ALIAS_TOKEN.search('Action: [iam:*, s3:Get*]\nResource: "*"\n')
