"""Structure errors: located, sentence-shaped, all reported in one run."""

from __future__ import annotations

import pytest

from blueprint import BlueprintError, BlueprintIOError, check_blueprint, load_blueprint
from tests.conftest import MINIMAL, TODAY


def _errors(path) -> list[str]:
    return [str(d) for d in check_blueprint(str(path), today=TODAY).diagnostics]


def test_minimal_blueprint_is_valid():
    result = check_blueprint(str(MINIMAL), today=TODAY)
    assert result.ok, result.diagnostics
    assert result.diagnostics == []


def test_all_structure_errors_of_a_file_are_reported_together(write_blueprint):
    path = write_blueprint(
        ("    session_duration: 4h\n", "    sesion_duration: 4h\n"),
        ("  home_region: us-east-1\n", "  home_region: [us-east-1]\n"),
        ('id: "222222222222"', "id: 222222222222"),
    )
    errors = _errors(path)
    assert len(errors) == 3, errors
    assert any(
        "unknown key 'sesion_duration' (did you mean 'session_duration'?)" in e for e in errors
    )
    assert any("organization.home_region: Input should be a valid string" in e for e in errors)
    assert any("accounts.prod.id: account id 222222222222 must be quoted" in e for e in errors)


def test_all_semantic_errors_of_a_file_are_reported_together(write_blueprint):
    path = write_blueprint(
        ("    ous: [Production]\n", "    ous: [Prodution]\n"),
        ("  - group: admins\n", "  - group: admin\n"),
        ("  home_region: us-east-1\n", "  home_region: eu-west-1\n"),
    )
    errors = _errors(path)
    assert len(errors) == 3, errors


def test_unknown_key_error_points_at_the_key(write_blueprint):
    path = write_blueprint(("    session_duration: 4h\n", "    sesion_duration: 4h\n"))
    line = path.read_text().splitlines().index("    sesion_duration: 4h") + 1
    (error,) = _errors(path)
    assert error.startswith(f"{path}:{line}:5: permission_sets.Developer.sesion_duration: ")


def test_load_blueprint_raises_with_every_error(write_blueprint):
    path = write_blueprint(("  - group: admins\n", "  - group: admin\n"))
    with pytest.raises(BlueprintError) as caught:
        load_blueprint(str(path), today=TODAY)
    assert "unknown group 'admin' (did you mean 'admins'?)" in str(caught.value)
    assert len(caught.value.errors) == 1


def test_missing_file_and_directory_are_io_errors(tmp_path):
    with pytest.raises(BlueprintIOError, match="no such file"):
        check_blueprint(str(tmp_path / "absent.yaml"))
    with pytest.raises(BlueprintIOError, match="is a directory"):
        check_blueprint(str(tmp_path))


def test_warnings_do_not_make_a_blueprint_invalid(write_blueprint):
    path = write_blueprint(("  users: [breakglass-1, breakglass-2]\n", "  users: [breakglass-1]\n"))
    result = check_blueprint(str(path), today=TODAY)
    assert result.ok
    (warning,) = result.diagnostics
    assert warning.severity == "warning"
    assert "single point of failure" in warning.message


def test_session_durations_are_normalised_to_iso8601():
    blueprint = load_blueprint(str(MINIMAL), today=TODAY)
    durations = {name: ps.session_duration for name, ps in blueprint.permission_sets.items()}
    assert durations == {"ReadOnly": "PT8H", "Developer": "PT4H", "Admin": "PT1H"}


def test_action_and_not_action_together_are_reported_at_the_second_key(write_blueprint):
    path = write_blueprint(
        (
            "    managed_policies: [job-function/ViewOnlyAccess]\n",
            "    managed_policies: [job-function/ViewOnlyAccess]\n"
            "    inline_policy:\n"
            '      Version: "2012-10-17"\n'
            "      Statement:\n"
            "        - Effect: Allow\n"
            "          Action: s3:GetObject\n"
            "          NotAction: s3:PutObject\n"
            '          Resource: "*"\n',
        )
    )
    (error,) = _errors(path)
    line = path.read_text().splitlines().index("          NotAction: s3:PutObject") + 1
    assert error.startswith(f"{path}:{line}:22: permission_sets.ReadOnly.inline_policy")
    assert error.endswith(
        "Statement[0].NotAction: a statement has either 'Action' or 'NotAction', not both"
    )


def test_unknown_condition_key_warns_but_the_blueprint_stays_valid(write_blueprint):
    path = write_blueprint(
        (
            "    managed_policies: [job-function/ViewOnlyAccess]\n",
            "    managed_policies: [job-function/ViewOnlyAccess]\n"
            "    inline_policy:\n"
            '      Version: "2012-10-17"\n'
            "      Statement:\n"
            "        - Effect: Deny\n"
            "          Action: s3:PutObject\n"
            '          Resource: "*"\n'
            "          Condition:\n"
            "            Bool: {aws:SecureTransprt: 'false'}\n",
        )
    )
    result = check_blueprint(str(path), today=TODAY)
    assert result.ok
    (warning,) = result.diagnostics
    assert warning.severity == "warning"
    assert warning.message == (
        "unknown condition key 'aws:SecureTransprt' (did you mean 'aws:SecureTransport'?)"
    )


def test_a_key_with_a_zero_width_space_names_the_invisible_character(write_blueprint):
    path = write_blueprint(("    session_duration: 8h\n", "    sessi\u200bon_duration: 8h\n"))
    (error,) = _errors(path)
    assert error.endswith(
        "unknown key 'sessi\u200bon_duration' (did you mean 'session_duration'? they differ only "
        "by look-alike or invisible characters: U+200B ZERO WIDTH SPACE at position 6)"
    )
