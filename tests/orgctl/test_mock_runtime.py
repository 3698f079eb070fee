"""The mock runtime runs a program to the end: resources registered from inside applies are
recorded, and an error raised inside an apply reaches the caller instead of being lost."""

from __future__ import annotations

import textwrap

import pytest

from orgctl.mock_runtime import run_program

CHAINED = """
    import pulumi

    def register_child(parent_id, depth):
        child = pulumi.CustomResource("test:index:Thing", f"child-{depth}", {"parent": parent_id})
        if depth < 3:
            child.id.apply(lambda child_id: register_child(child_id, depth + 1))

    root = pulumi.CustomResource("test:index:Thing", "root", {"value": 1})
    root.id.apply(lambda root_id: register_child(root_id, 1))
"""

FAILING_APPLY = """
    import pulumi

    def explode(_):
        raise ValueError("boom in an apply")

    thing = pulumi.CustomResource("test:index:Thing", "thing", {"value": 1})
    thing.id.apply(explode)
"""


def write_program(tmp_path, source: str):
    program = tmp_path / "program.py"
    program.write_text(textwrap.dedent(source))
    return program


def test_resources_registered_inside_applies_are_all_recorded(tmp_path):
    monitor = run_program(tmp_path, "test", {}, program=write_program(tmp_path, CHAINED))

    assert sorted(r.name for r in monitor.registrations) == [
        "child-1",
        "child-2",
        "child-3",
        "root",
    ]


def test_an_error_inside_an_apply_reaches_the_caller(tmp_path):
    with pytest.raises(ValueError, match="boom in an apply"):
        run_program(tmp_path, "test", {}, program=write_program(tmp_path, FAILING_APPLY))


def test_a_run_after_a_failed_run_starts_clean(tmp_path):
    with pytest.raises(ValueError):
        run_program(tmp_path, "test", {}, program=write_program(tmp_path, FAILING_APPLY))

    monitor = run_program(tmp_path, "test", {}, program=write_program(tmp_path, CHAINED))

    assert len(monitor.registrations) == 4


LOOKUP = """
    import pulumi
    import pulumi_aws as aws

    found = aws.ssoadmin.get_instances_output()
    pulumi.CustomResource("test:index:Thing", "user", {"instance": found.arns.apply(lambda a: a[0])})
"""


def test_data_source_lookups_are_recorded_with_the_mocked_answer(tmp_path):
    from orgctl.export import to_export

    monitor = run_program(tmp_path, "test", {}, program=write_program(tmp_path, LOOKUP))
    export = to_export(monitor.registrations, "test", invocations=monitor.invocations)

    (invoke,) = export["deployment"]["invokes"]
    assert invoke["token"] == "aws:ssoadmin/getInstances:getInstances"
    assert invoke["result"]["arns"] == ["arn:aws:sso:::instance/ssoins-mock0000000000"]
    (user,) = [r for r in export["deployment"]["resources"] if r["type"] == "test:index:Thing"]
    assert user["inputs"]["instance"] == invoke["result"]["arns"][0]


def test_the_export_carries_the_outputs_the_mocks_computed(tmp_path):
    from orgctl.export import to_export

    monitor = run_program(tmp_path, "test", {}, program=write_program(tmp_path, CHAINED))
    export = to_export(monitor.registrations, "test")

    (root,) = [r for r in export["deployment"]["resources"] if r["urn"].endswith("::root")]
    assert root["inputs"] == {"value": 1}
    assert root["outputs"]["arn"].startswith("arn:aws:mock:")
    assert "invokes" not in export["deployment"]
