"""Generate blueprint/schema.json from the models (editors use it through the modeline).

Regenerate after changing blueprint/model.py: `make schema` (a test fails while it is stale).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from blueprint.model import Blueprint

SCHEMA_PATH = Path(__file__).with_name("schema.json")


def render_schema() -> str:
    schema = Blueprint.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://github.com/org-iam/org-iam/blueprint/schema.json"
    schema["title"] = "org-iam blueprint v1"
    return json.dumps(schema, indent=2, sort_keys=True) + "\n"


def main() -> int:
    SCHEMA_PATH.write_text(render_schema())
    print(f"wrote {SCHEMA_PATH}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
