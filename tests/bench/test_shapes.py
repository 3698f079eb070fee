"""The shape-matched floor registers the plan's own resources: same count, same types, at least
as many properties as inputs, and the program's plain input values."""

from __future__ import annotations

from bench.plan_bench import REPO, plan_config
from bench.shapes import record_shapes, write_shapes
from orgctl.mock_runtime import run_program
from tests.conftest import MINIMAL

ROLE = "aws:iam/role:Role"


def test_shapes_count_declared_properties_beyond_the_inputs():
    shapes = record_shapes(REPO, "test", plan_config(MINIMAL))

    roles = [shape for shape in shapes if shape["type"] == ROLE]
    assert roles
    for role in roles:
        assert "assumeRolePolicy" in role["inputs"]
        # aws.iam.Role declares arn, createDate, uniqueId and more that no program sets.
        assert role["properties"] > len(role["inputs"]) + 3


def test_the_shaped_floor_registers_the_same_resources(tmp_path):
    shapes = record_shapes(REPO, "test", plan_config(MINIMAL))
    shapes_file = tmp_path / "shapes.json"
    write_shapes(shapes, shapes_file)

    floor = run_program(
        REPO,
        "floor",
        {"org-iam:shapes": str(shapes_file)},
        program=REPO / "bench" / "shaped_floor_program.py",
    )

    assert len(floor.registrations) == len(shapes)
    for registration in floor.registrations:
        shape = shapes[int(registration.name.split("-", 1)[0])]
        assert registration.type == shape["type"]
        assert registration.inputs == shape["inputs"]
