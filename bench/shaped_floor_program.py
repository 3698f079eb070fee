"""The Pulumi SDK's shape-matched floor: the resources of a recorded plan (`org-iam:shapes`, from
bench/shapes.py), each registered directly with its type, its number of properties and its input
values, under the same mocks as the real program."""

import json
from pathlib import Path

import pulumi

shapes = json.loads(Path(pulumi.Config("org-iam").require("shapes")).read_text())
for index, shape in enumerate(shapes):
    name = f"{index:05d}-{shape['name']}"
    if not shape["custom"]:
        pulumi.ComponentResource(shape["type"], name)
        continue
    props = dict(shape["inputs"])
    for unset in range(shape["properties"] - len(props)):
        props[f"unset{unset}"] = None
    pulumi.CustomResource(shape["type"], name, props)
