"""Checks on `renamed_from`: a former name must be free (not a key in use), claimed by one key
only, and must not lead back to the key itself; and, against a previous plan, a key that looks
renamed without `renamed_from` is a warning, since Pulumi would replace what it names."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from blueprint.renames import PreviousKeys
from blueprint.semantics.context import Context
from blueprint.tree import OU_PATH_SEPARATOR

# blueprint section -> what messages call its entries
_KINDS = {
    "accounts": "account",
    "permission_sets": "permission set",
    "groups": "group",
    "organizational_units": "OU",
}


def _check_scope(
    ctx: Context,
    kind: str,
    former: Mapping[str, list[str]],
    where: Callable[[str], tuple],
    scope: str = "",
) -> None:
    """One namespace of keys (all accounts; the children of one OU): `former` maps each key to
    its `renamed_from` list."""
    what = _KINDS[kind]
    claimed: dict[str, str] = {}
    for key, names in sorted(former.items()):
        for index, old in enumerate(names):
            at = (*where(key), "renamed_from", index)
            if old == key:
                ctx.error(at, f"{what} '{key}' is renamed from itself; remove '{old}'")
            elif old in names[:index]:
                ctx.error(at, f"'{old}' is listed twice in renamed_from of {what} '{key}'")
            elif old in former:
                loop = _loop(former, old, key)
                if loop:
                    chain = " → ".join(f"'{n}'" for n in [*loop, key])
                    ctx.error(
                        at,
                        f"{what} '{key}' is renamed from '{old}', and the renames loop back "
                        f"({chain}): aliases cannot swap names; rename through a name used "
                        "by neither, one change at a time",
                    )
                else:
                    ctx.error(
                        at,
                        f"{what} '{key}' is renamed from '{old}', but another {what} still "
                        f"has that name{scope}: Pulumi would give both the same resources; "
                        f"remove '{old}' from renamed_from, or rename that {what} too",
                    )
            elif old in claimed:
                ctx.error(
                    at,
                    f"{what} '{key}' and {what} '{claimed[old]}' both claim the former name "
                    f"'{old}'{scope}: only one of them can keep its resources; remove it from "
                    "one of them",
                )
            else:
                claimed[old] = key


def _loop(former: Mapping[str, list[str]], start: str, target: str) -> list[str]:
    """The chain of keys from `target`'s former name `start` back to `target`, if it loops."""
    chain, seen, queue = [target], {target}, [start]
    while queue:
        current = queue.pop()
        if current == target:
            return chain
        if current in seen or current not in former:
            continue
        seen.add(current)
        chain.append(current)
        queue.extend(former[current])
    return []


def check_renames(ctx: Context) -> None:
    blueprint = ctx.blueprint
    for kind, table in (
        ("accounts", blueprint.accounts),
        ("permission_sets", blueprint.permission_sets),
        ("groups", blueprint.groups),
    ):
        former = {key: list(entry.renamed_from) for key, entry in table.items()}
        _check_scope(ctx, kind, former, lambda key, kind=kind: (kind, key))
    # OU names are unique only among siblings: the root's OUs, then each OU's children.
    siblings: dict[str | None, dict[str, tuple]] = {}
    for node in ctx.tree:
        siblings.setdefault(node.parent_path, {})[node.name] = node.yaml_path
    for parent, children in sorted(siblings.items(), key=lambda item: item[0] or ""):
        former = {
            name: list(ctx.tree.nodes[_path(parent, name)].unit.renamed_from) for name in children
        }
        scope = f" under '{parent}'" if parent else " at the root"
        _check_scope(ctx, "organizational_units", former, children.__getitem__, scope)


def _path(parent: str | None, name: str) -> str:
    return name if parent is None else f"{parent}{OU_PATH_SEPARATOR}{name}"


def replacement_warnings(previous: PreviousKeys) -> Callable[[Context], None]:
    """A check that warns about keys that are new since `previous` while keys of the same kind
    are gone from it, unless `renamed_from` already says so: Pulumi would replace them."""

    def check(ctx: Context) -> None:
        _accounts(ctx, previous)
        _ous(ctx, previous)
        _named(ctx, previous, "permission_sets", previous.permission_sets, _set_consequence)
        _named(ctx, previous, "groups", previous.groups, _group_consequence)

    return check


def _gone_and_new(current: Mapping, previous: frozenset[str]) -> tuple[list[str], list[str]]:
    claimed = {old for entry in current.values() for old in entry.renamed_from}
    gone = sorted(previous - set(current) - claimed)
    new = sorted(k for k in current if k not in previous and not current[k].renamed_from)
    return gone, new


def _quoted(names: list[str]) -> str:
    return ", ".join(f"'{n}'" for n in names)


def _advice(what: str, key: str, gone: list[str]) -> str:
    were = f"{what} {_quoted(gone)} is" if len(gone) == 1 else f"{what}s {_quoted(gone)} are"
    return (
        f"{what} '{key}' is new and {were} gone: if '{key}' is '{gone[0]}' renamed, add "
        f"`renamed_from: [{gone[0]}]` to it"
    )


def _accounts(ctx: Context, previous: PreviousKeys) -> None:
    gone, new = _gone_and_new(ctx.blueprint.accounts, previous.accounts)
    if not (gone and new):
        return
    old = gone[0]
    if old in previous.protected_accounts:
        fate = (
            f"delete '{old}', which is protected: `pulumi up` stops part-way there, after "
            "deleting what depends on it (its roles, boundary policies and assignments)"
        )
    else:
        fate = f"delete '{old}', which closes it (close_on_deletion)"
    for key in new:
        ctx.warning(
            ("accounts", key),
            f"{_advice('account', key, gone)}. Without it, compared with {previous.source}, "
            f"Pulumi would create '{key}' as a new resource (a new AWS account, unless "
            f"adopted by id) and {fate}.",
            at_key=True,
        )


def _ous(ctx: Context, previous: PreviousKeys) -> None:
    claimed = {_path(node.parent_path, old) for node in ctx.tree for old in node.unit.renamed_from}
    gone = previous.ous - set(ctx.tree.nodes) - claimed
    for node in ctx.tree:
        if node.path in previous.ous or node.unit.renamed_from:
            continue
        if node.parent_path is not None and node.parent_path not in previous.ous:
            continue  # below a new OU: the warning is on that OU
        siblings = sorted(
            path
            for path in gone
            if path.rpartition(OU_PATH_SEPARATOR)[0] == (node.parent_path or "")
        )
        if not siblings:
            continue
        names = [path.rpartition(OU_PATH_SEPARATOR)[2] for path in siblings]
        ctx.warning(
            node.yaml_path,
            f"{_advice('OU', node.name, names)}. Without it, compared with "
            f"{previous.source}, Pulumi would replace OU '{siblings[0]}' and the OUs below it: "
            "new OUs with new ids, the accounts moved into them, the SCP attachments "
            "recreated, and anything outside this stack that names the old OU ids no longer "
            "matches.",
            at_key=True,
        )


def _set_consequence(key: str, old: str) -> str:
    return (
        f"Pulumi would delete permission set '{old}' and its assignments as unrelated "
        f"resources and create '{key}' (Identity Center cannot rename a set, so it is "
        "replaced either way; with renamed_from the plan shows it as the rename it is)"
    )


def _group_consequence(key: str, old: str) -> str:
    return (
        f"Pulumi would create the assignments of '{key}' as new resources, then delete those "
        f"of '{old}', which removes the same grants in Identity Center: the group's members "
        "lose that access"
    )


def _named(
    ctx: Context,
    previous: PreviousKeys,
    kind: str,
    before: frozenset[str],
    consequence: Callable[[str, str], str],
) -> None:
    table = getattr(ctx.blueprint, kind)
    gone, new = _gone_and_new(table, before)
    if not (gone and new):
        return
    for key in new:
        ctx.warning(
            (kind, key),
            f"{_advice(_KINDS[kind], key, gone)}. Without it, compared with "
            f"{previous.source}, {consequence(key, gone[0])}.",
            at_key=True,
        )
