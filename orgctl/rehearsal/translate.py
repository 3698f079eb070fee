"""Offline plan (Pulumi deployment export) -> Terraform JSON configuration for the hashicorp/aws
provider. Pure: the plan, the provider schema and the emulator's address in; a configuration and
what could not be translated out.

A value that came from another resource's output carries the mock runtime's answer (`mock-...`,
a fake account id). Where `propertyDependencies` say where it came from, it becomes a reference
to that resource's attribute again (also inside JSON policy strings); where the resource was
applied in an earlier batch, it becomes that resource's applied value. Mocked data-source answers
become real data-source lookups.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from orgctl.rehearsal import names
from orgctl.rehearsal.schema import ProviderSchema, names_in

PROVIDER_TYPE = "pulumi:providers:aws"
PROVIDER_VERSION = "5.100.0"

# Services the program uses; each provider sends them to the emulator. Names are the provider's
# `endpoints` attributes (checked against its schema).
EMULATED_SERVICES = (
    "accessanalyzer",
    "cloudformation",
    "cloudtrail",
    "cloudwatch",
    "configservice",
    "ec2",
    "events",
    "guardduty",
    "iam",
    "identitystore",
    "kms",
    "logs",
    "organizations",
    "s3",
    "s3control",
    "securityhub",
    "sns",
    "ssoadmin",
    "sts",
)

# Provider settings the rehearsal adds: moto serves S3 by path, and no instance metadata exists.
# An emulator error is final: retrying it only hides it behind minutes of back-off.
REHEARSAL_PROVIDER_SETTINGS = {
    "s3_use_path_style": True,
    "skip_metadata_api_check": True,
    "max_retries": 1,
}

_FAKE_ACCOUNT = re.compile(r"^9\d{11}$")


@dataclass(frozen=True)
class Problem:
    """Something the translation refuses: the URN, and a sentence saying what is wrong."""

    urn: str
    message: str
    kind: str  # "untranslatable" | "undeclared-dependency" | "unresolved-mock"


@dataclass
class Translation:
    config: dict
    addresses: dict[str, str] = field(default_factory=dict)  # Terraform address -> URN
    problems: list[Problem] = field(default_factory=list)
    imports: int = 0


@dataclass(frozen=True)
class _Candidate:
    value: str
    replacement: str  # a Terraform expression (without ${}) or, if literal, the applied value
    literal: bool
    owner: str  # URN or invoke key
    distinctive: bool = True  # unique enough to be found inside a longer string


def resources_of(plan: dict) -> list[dict]:
    return [
        r
        for r in plan["deployment"]["resources"]
        if r.get("custom") and r["type"] != "pulumi:pulumi:Stack"
    ]


def terraform_name(name: str) -> str:
    cleaned = re.sub(r"[^A-Za-z0-9_-]", "_", name)
    return cleaned if re.match(r"[A-Za-z_]", cleaned) else f"r_{cleaned}"


class _Translator:
    def __init__(
        self,
        plan: dict,
        schema: ProviderSchema,
        endpoint: str,
        applied: dict[str, dict],
    ):
        self.schema = schema
        self.endpoint = endpoint
        self.applied = applied
        self.customs = resources_of(plan)
        self.by_urn = {r["urn"]: r for r in plan["deployment"]["resources"]}
        self.children: dict[str, list[str]] = {}
        for resource in plan["deployment"]["resources"]:
            self.children.setdefault(resource.get("parent", ""), []).append(resource["urn"])
        self.invokes = plan["deployment"].get("invokes", [])
        self.problems: list[Problem] = []
        self.address: dict[str, str] = {}  # URN -> Terraform address (or provider alias)
        self.tf_type: dict[str, str] = {}
        taken: set[str] = set()
        for resource in self.customs:
            urn = resource["urn"]
            name = terraform_name(urn.rsplit("::", 1)[-1])
            if resource["type"] == PROVIDER_TYPE:
                kind = "aws"
            else:
                try:
                    kind = names.resource_type(resource["type"], set(schema.resources))
                except names.UnknownName as error:
                    self.problems.append(Problem(urn, str(error), "untranslatable"))
                    continue
            unique, counter = name, 1
            while f"{kind}.{unique}" in taken:
                counter += 1
                unique = f"{name}_{counter}"
            taken.add(f"{kind}.{unique}")
            self.address[urn] = f"{kind}.{unique}"
            self.tf_type[urn] = kind
        self.invoke_candidates = self._invoke_candidates()
        self.distinctive = self._distinctive_owners()

    # -- value sources -------------------------------------------------------------------

    def _block_of(self, urn: str) -> dict:
        kind = self.tf_type[urn]
        return self.schema.provider if kind == "aws" else self.schema.resources[kind]

    def _leaves(self, value: Any, path: tuple = ()):
        if isinstance(value, dict):
            for key, inner in value.items():
                yield from self._leaves(inner, (*path, key))
        elif isinstance(value, list):
            for index, inner in enumerate(value):
                yield from self._leaves(inner, (*path, index))
        elif isinstance(value, str):
            yield path, value

    def _expression(self, token: str, block: dict, base: str, path: tuple) -> str | None:
        """Pulumi output path -> Terraform expression, typed by the schema (sets need tolist)."""
        expression, shape = base, ("block", block)
        for step in path:
            if isinstance(step, int):
                kind, inner = shape
                if kind == "set":
                    expression = f"tolist({expression})"
                if kind not in ("list", "set"):
                    return None
                expression, shape = f"{expression}[{step}]", inner
                continue
            kind, inner = shape
            if kind == "block":
                try:
                    attribute = names.attribute(token, step, names_in(inner))
                except names.UnknownName:
                    return None
                if attribute in inner.get("attributes", {}):
                    shape = _type_shape(inner["attributes"][attribute]["type"])
                else:
                    nested = inner["block_types"][attribute]
                    mode = nested["nesting_mode"]
                    shape = (
                        mode if mode in ("list", "set") else "block",
                        ("block", nested["block"]),
                    )
                    if mode == "single":
                        shape = ("block", nested["block"])
                expression = f"{expression}.{attribute}"
            elif kind == "object":
                attribute = names.snake(step)
                if attribute not in inner:
                    return None
                expression, shape = f"{expression}.{attribute}", _type_shape(inner[attribute])
            elif kind == "map":
                expression, shape = f'{expression}["{step}"]', inner
            else:
                return None
        return expression

    def _resource_candidates(self, urn: str, whole_values: bool) -> list[_Candidate]:
        resource = self.by_urn.get(urn)
        if resource is None or urn not in self.address:
            return []
        resource_id = resource.get("id", "")
        found = (
            [_Candidate(resource_id, "BASE.id", False, urn, len(resource_id) >= 8)]
            if resource_id
            else []
        )
        for path, value in self._leaves(resource.get("outputs") or resource.get("inputs", {})):
            distinctive = "mock" in value or (len(resource_id) >= 8 and resource_id in value)
            if not (distinctive or (whole_values and len(value) >= 4)):
                continue
            expression = self._expression(resource["type"], self._block_of(urn), "BASE", path)
            if expression is not None:
                found.append(_Candidate(value, expression, False, urn, distinctive))
        return [self._located(candidate, urn) for candidate in found]

    def _located(self, candidate: _Candidate, urn: str) -> _Candidate:
        """Inside this configuration a reference; applied in an earlier batch, the value."""
        if urn in self.applied:
            value = _walk_state(self.applied[urn], candidate.replacement)
            if value is not None:
                return _Candidate(candidate.value, str(value), True, urn, candidate.distinctive)
        expression = _qualify(self.address[urn], candidate.replacement)
        return _Candidate(candidate.value, expression, False, urn, candidate.distinctive)

    def _invoke_candidates(self) -> list[_Candidate]:
        found = []
        for index, invoke in enumerate(self.invokes):
            try:
                kind = names.data_source(invoke["token"], set(self.schema.data_sources))
            except names.UnknownName:
                continue
            base = f"data.{kind}.{_invoke_name(invoke, index)}"
            arguments = {value for _, value in self._leaves(invoke["args"])}
            for path, value in self._leaves(invoke["result"]):
                if value in arguments or not path or path == ("id",):
                    continue
                expression = self._expression(
                    invoke["token"], self.schema.data_sources[kind], base, path
                )
                if expression is not None:
                    found.append(_Candidate(value, expression, False, f"invoke:{index}"))
        return found

    def _distinctive_owners(self) -> dict[str, str]:
        """Mocked value -> URN of the resource that produced it (to name a missing dependency)."""
        owners: dict[str, str] = {}
        for resource in self.customs:
            resource_id = resource.get("id", "")
            if "mock" in resource_id or _FAKE_ACCOUNT.match(resource_id):
                owners.setdefault(resource_id, resource["urn"])
        return owners

    def _expanded(self, urns: list[str]) -> list[str]:
        """A dependency on a component is a dependency on every resource below it."""
        found: list[str] = []
        for urn in urns:
            resource = self.by_urn.get(urn)
            if resource is None:
                continue
            if resource.get("custom"):
                found.append(urn)
            else:
                found.extend(self._expanded(self.children.get(urn, [])))
        return found

    # -- substitution --------------------------------------------------------------------

    def _substitute(self, urn: str, value: str, candidates: list[_Candidate]) -> str:
        """Replace every candidate value inside `value`; escape Terraform template syntax in
        the rest (IAM policy variables such as ${aws:username} stay literal)."""
        whole = [c for c in candidates if c.value == value]
        if whole:
            return _render(whole[0]) if not whole[0].literal else _escape(whole[0].replacement)
        substrings = sorted(
            (c for c in candidates if c.distinctive and len(c.value) >= 6 and c.value in value),
            key=lambda c: -len(c.value),
        )
        pieces: list[tuple[int, int, _Candidate]] = []
        for candidate in substrings:
            start = value.find(candidate.value)
            while start >= 0:
                end = start + len(candidate.value)
                if all(end <= s or start >= e for s, e, _ in pieces):
                    pieces.append((start, end, candidate))
                start = value.find(candidate.value, end)
        out, cursor = [], 0
        for start, end, candidate in sorted(pieces, key=lambda p: p[0]):
            out.append(_escape(value[cursor:start]))
            out.append(_escape(candidate.replacement) if candidate.literal else _render(candidate))
            cursor = end
        out.append(_escape(value[cursor:]))
        result = "".join(out)
        self._check_leftovers(urn, value, pieces)
        return result

    def _check_leftovers(self, urn: str, value: str, pieces: list) -> None:
        remaining = value
        for start, end, _ in sorted(pieces, key=lambda p: -p[0]):
            remaining = remaining[:start] + remaining[end:]
        for token in re.findall(
            r"mock-[0-9a-f]{12}|p-mock[0-9a-f]{6}|ou-mock-[0-9a-f]{8}|o-mock[0-9a-f]{6}|\b9\d{11}\b",
            remaining,
        ):
            owner = self.distinctive.get(token)
            if owner and owner != urn:
                message = (
                    f"carries {owner.rsplit('::', 1)[-1]}'s output '{token}' but declares no "
                    f"dependency on {owner}"
                )
                self.problems.append(Problem(urn, message, "undeclared-dependency"))
            elif owner is None and token.startswith("mock"):
                message = f"carries the mocked value '{token}', which no dependency explains"
                self.problems.append(Problem(urn, message, "unresolved-mock"))

    # -- conversion by schema ------------------------------------------------------------

    def _block(self, urn, token, block, values, candidates_for) -> dict:
        out: dict[str, Any] = {}
        known = names_in(block)
        for key, value in sorted(values.items()):
            if value is None:
                continue
            try:
                name = names.attribute(token, key, known)
            except names.UnknownName as error:
                self.problems.append(Problem(urn, str(error), "untranslatable"))
                continue
            candidates = candidates_for(key)
            if name in block.get("block_types", {}):
                nested = block["block_types"][name]["block"]
                if isinstance(value, str):
                    value = _json_or(value)
                items = value if isinstance(value, list) else [value]
                out[name] = [
                    self._block(urn, token, nested, item, lambda _k, c=candidates: c)
                    for item in items
                    if isinstance(item, dict)
                ]
            else:
                kind = block["attributes"][name]["type"]
                out[name] = self._value(urn, kind, value, candidates)
        return out

    def _value(self, urn: str, kind, value: Any, candidates: list[_Candidate]) -> Any:
        shape, inner = _type_shape(kind)
        if isinstance(value, str):
            if shape == "bool" and value in ("true", "false"):
                return value == "true"
            if shape in ("list", "set", "map", "object") and value[:1] in ("[", "{"):
                return self._value(urn, kind, _json_or(value), candidates)
            return self._substitute(urn, value, candidates)
        if isinstance(value, bool):
            return value if shape != "string" else str(value).lower()
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, (int, float)):
            return str(value) if shape == "string" else value
        if isinstance(value, list):
            element = inner if shape in ("list", "set") else "dynamic"
            return [self._value(urn, element, v, candidates) for v in value]
        if isinstance(value, dict):
            if shape == "object":
                return {
                    names.snake(k): self._value(
                        urn, inner.get(names.snake(k), "dynamic"), v, candidates
                    )
                    for k, v in sorted(value.items())
                }
            element = inner if shape == "map" else "dynamic"
            return {k: self._value(urn, element, v, candidates) for k, v in sorted(value.items())}
        return value

    # -- configuration -------------------------------------------------------------------

    def provider_block(self, resource: dict) -> dict:
        urn = resource["urn"]
        candidates = [
            c
            for dep in self._expanded(resource.get("dependencies", []))
            for c in self._resource_candidates(dep, True)
        ]
        body = self._block(
            urn,
            PROVIDER_TYPE,
            self.schema.provider,
            resource.get("inputs", {}),
            lambda _k: candidates,
        )
        body["alias"] = self.address[urn].split(".", 1)[1]
        body.update(self.rehearsal_settings())
        return body

    def rehearsal_settings(self) -> dict:
        endpoints = self.schema.provider["block_types"]["endpoints"]["block"]["attributes"]
        return {
            **REHEARSAL_PROVIDER_SETTINGS,
            "endpoints": [{s: self.endpoint for s in EMULATED_SERVICES if s in endpoints}],
        }

    def resource_block(self, resource: dict, batch: set[str]) -> dict:
        urn, token = resource["urn"], resource["type"]
        deps = resource.get("propertyDependencies", {})
        cache: dict[str, list[_Candidate]] = {}

        def candidates_for(key: str) -> list[_Candidate]:
            if key not in cache:
                found = [
                    c
                    for dep in self._expanded(deps.get(key, []))
                    for c in self._resource_candidates(dep, True)
                ]
                cache[key] = found + self.invoke_candidates
            return cache[key]

        body = self._block(
            urn,
            token,
            self.schema.resources[self.tf_type[urn]],
            resource.get("inputs", {}),
            candidates_for,
        )
        referenced = set(re.findall(r"\$\{([a-z0-9_]+\.[A-Za-z0-9_-]+)", repr(body)))
        depends = sorted(
            {
                self.address[dep]
                for dep in self._expanded(resource.get("dependencies", []))
                if dep in batch
                and dep in self.address
                and self.by_urn[dep]["type"] != PROVIDER_TYPE
            }
            - referenced
        )
        if depends:
            body["depends_on"] = depends
        provider = resource.get("provider", "").rpartition("::")[0]
        if provider in self.address:
            body["provider"] = f"aws.{self.address[provider].split('.', 1)[1]}"
        lifecycle: dict[str, Any] = {}
        if resource.get("protect"):
            lifecycle["prevent_destroy"] = True
        ignored = []
        for key in resource.get("ignoreChanges", []):
            try:
                ignored.append(
                    names.attribute(token, key, names_in(self.schema.resources[self.tf_type[urn]]))
                )
            except names.UnknownName as error:
                self.problems.append(Problem(urn, str(error), "untranslatable"))
        if ignored:
            lifecycle["ignore_changes"] = ignored
        if lifecycle:
            body["lifecycle"] = [lifecycle]
        return body

    def data_blocks(self) -> dict:
        blocks: dict[str, dict] = {}
        for index, invoke in enumerate(self.invokes):
            try:
                kind = names.data_source(invoke["token"], set(self.schema.data_sources))
            except names.UnknownName as error:
                self.problems.append(Problem(invoke["token"], str(error), "untranslatable"))
                continue
            body = self._block(
                invoke["token"],
                invoke["token"],
                self.schema.data_sources[kind],
                invoke["args"],
                lambda _k: self.invoke_candidates,
            )
            provider = invoke.get("provider", "").rpartition("::")[0]
            if provider in self.address:
                body["provider"] = f"aws.{self.address[provider].split('.', 1)[1]}"
            blocks.setdefault(kind, {})[_invoke_name(invoke, index)] = body
        return blocks


def translate(
    plan: dict,
    schema: ProviderSchema,
    endpoint: str,
    include: set[str] | None = None,
    applied: dict[str, dict] | None = None,
) -> Translation:
    """The Terraform JSON configuration for the plan's resources (or those in `include`).
    `applied`: Terraform state values of resources applied in an earlier batch, by URN."""
    from orgctl.rehearsal.batches import provider_key

    translator = _Translator(plan, schema, endpoint, applied or {})
    batch = {r["urn"] for r in translator.customs if include is None or r["urn"] in include}
    members = [
        r
        for r in translator.customs
        if r["urn"] in batch and r["urn"] in translator.address and r["type"] != PROVIDER_TYPE
    ]
    # Providers with the same settings become one alias: one provider process, not several.
    canonical: dict[str, dict] = {}
    for provider in translator.customs:
        if provider["type"] == PROVIDER_TYPE and provider["urn"] in translator.address:
            first = canonical.setdefault(provider_key(provider), provider)
            translator.address[provider["urn"]] = translator.address[first["urn"]]
    resources: dict[str, dict] = {}
    imports: list[dict] = []
    addresses: dict[str, str] = {}
    for resource in members:
        address = translator.address[resource["urn"]]
        kind, name = address.split(".", 1)
        body = translator.resource_block(resource, batch)
        resources.setdefault(kind, {})[name] = body
        addresses[address] = resource["urn"]
        if resource.get("importID"):
            entry = {"to": address, "id": resource["importID"]}
            if "provider" in body:
                entry["provider"] = body["provider"]
            imports.append(entry)
    data = _used_data(translator.data_blocks(), resources)
    used = set(re.findall(r"'provider': 'aws\.([A-Za-z0-9_-]+)'", repr((resources, data))))
    blocks = [
        translator.provider_block(p)
        for p in canonical.values()
        if translator.address[p["urn"]].split(".", 1)[1] in used
    ]
    if any("provider" not in body for group in resources.values() for body in group.values()):
        # A resource without a provider must still reach the emulator, never AWS.
        blocks.insert(0, {"region": "us-east-1", **translator.rehearsal_settings()})
    config: dict[str, Any] = {
        "terraform": {
            "required_providers": {"aws": {"source": "hashicorp/aws", "version": schema.version}}
        },
        "provider": {"aws": blocks},
    }
    if data:
        config["data"] = data
    if resources:
        config["resource"] = resources
    if imports:
        config["import"] = imports
    problems = sorted(set(translator.problems), key=lambda p: (p.urn, p.message))
    return Translation(config, addresses, problems, len(imports))


def _used_data(data: dict, resources: dict) -> dict:
    """Only the lookups the batch's resources read (and the lookups those read)."""
    wanted = set(re.findall(r"data\.([a-z0-9_]+\.[A-Za-z0-9_-]+)", repr(resources)))
    while True:
        more = {
            found
            for name in wanted
            for found in re.findall(
                r"data\.([a-z0-9_]+\.[A-Za-z0-9_-]+)",
                repr(data.get(name.split(".")[0], {}).get(name.split(".")[1], {})),
            )
        }
        if more <= wanted:
            break
        wanted |= more
    kept: dict[str, dict] = {}
    for kind, group in data.items():
        for name, body in group.items():
            if f"{kind}.{name}" in wanted:
                kept.setdefault(kind, {})[name] = body
    return kept


def _invoke_name(invoke: dict, index: int) -> str:
    return f"{invoke['token'].rsplit(':', 1)[-1]}_{index}"


def _type_shape(kind) -> tuple[str, Any]:
    if isinstance(kind, str):
        return kind, None
    head = kind[0]
    if head in ("list", "set", "map"):
        return head, kind[1]
    if head == "object":
        return "object", kind[1]
    return "dynamic", None


def _json_or(text: str) -> Any:
    import json

    try:
        return json.loads(text)
    except ValueError:
        return text


def _escape(text: str) -> str:
    return text.replace("${", "$${").replace("%{", "%%{")


def _render(candidate: _Candidate) -> str:
    return "${" + candidate.replacement + "}"


def _qualify(address: str, attribute_path: str) -> str:
    return attribute_path.replace("BASE", address, 1)


def _walk_state(values: dict, attribute_path: str) -> Any:
    current: Any = values
    path = attribute_path.replace("tolist(", "").replace(")", "").replace("BASE", "", 1)
    for part in re.findall(r"[A-Za-z0-9_]+|\[\d+\]", path):
        if part.startswith("["):
            index = int(part[1:-1])
            if not isinstance(current, list) or index >= len(current):
                return None
            current = current[index]
        elif isinstance(current, dict) and part in current:
            current = current[part]
        else:
            return None
    return current if isinstance(current, (str, int, float)) else None
