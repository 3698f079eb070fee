"""Renamed keys keep their URNs: the program's aliases, resolved as the engine resolves them,
reproduce exactly the URNs of the plan made before the rename (tests/renamed_blueprint.py
renames an account, an OU with a child OU, a permission set and a group)."""

from __future__ import annotations


def _resources(export: dict) -> dict[str, dict]:
    return {r["urn"]: r for r in export["deployment"]["resources"]}


def _resolve(before: dict[str, dict], after: dict[str, dict]) -> dict[str, str]:
    """New URN -> the old URN Pulumi matches it to: its own if the stack has it, else the one
    alias the stack has (the engine refuses a resource that matches two)."""
    resolved = {}
    for urn, resource in after.items():
        if urn in before:
            resolved[urn] = urn
            continue
        (match,) = [alias for alias in resource.get("aliases", ()) if alias in before]
        resolved[urn] = match
    return resolved


def test_the_renamed_plan_deletes_and_creates_nothing(prod_export, renamed_prod_export):
    before, after = _resources(prod_export), _resources(renamed_prod_export)
    resolved = _resolve(before, after)
    assert len(set(resolved.values())) == len(resolved)  # one new resource per old one
    assert set(resolved.values()) == set(before)  # nothing deleted, nothing created
    renamed = {new: old for new, old in resolved.items() if new != old}
    names = {(old.rsplit("::", 1)[1], new.rsplit("::", 1)[1]) for new, old in renamed.items()}
    assert ("prod-app-1", "checkout-prod") in names
    assert ("Production/CardholderData", "Prod/CardholderData") in names
    assert ("DBA", "DatabaseAdmin") in names
    assert ("DBA:dbas@prod-app-1", "DatabaseAdmin:database-admins@checkout-prod") in names
    assert len(renamed) == 34
    # A rename changes only the name: type chain and parent stay, so the URN differs there only.
    for new, old in renamed.items():
        assert new.rsplit("::", 1)[0] == old.rsplit("::", 1)[0]


def test_without_renamed_from_the_renamed_resources_are_new(prod_export, renamed_bare_prod_export):
    before, after = _resources(prod_export), _resources(renamed_bare_prod_export)
    assert not any("aliases" in r for r in after.values())
    assert len(after.keys() - before.keys()) == 34
    assert len(before.keys() - after.keys()) == 34


def test_a_renamed_resource_keeps_its_id_in_the_offline_plan(prod_export, renamed_prod_export):
    def ids(export, type_):
        return {
            r["urn"].rsplit("::", 1)[1]: r["id"]
            for r in export["deployment"]["resources"]
            if r["type"] == type_
        }

    ou = "aws:organizations/organizationalUnit:OrganizationalUnit"
    assert ids(renamed_prod_export, ou)["Prod"] == ids(prod_export, ou)["Production"]


def test_a_blueprint_without_renamed_from_gives_no_aliases(prod_program, prod_export):
    renaming = [
        r.name
        for r in prod_program.registrations
        if any(a.name and a.name != r.name for a in r.aliases)
    ]
    assert renaming == []
    # The provider SDK's own type aliases are recorded but are not renames: none is exported.
    assert any(r.aliases for r in prod_program.registrations)
    assert not any("aliases" in r for r in prod_export["deployment"]["resources"])
