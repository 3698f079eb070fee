"""Identity rules that need the generated documents: sizes AWS would refuse at deploy time."""

from __future__ import annotations

from blueprint.policy_json import minify
from blueprint.semantics import Context
from identity.boundary_document import boundary_document

# IAM Identity Center: one inline policy per permission set, 10,240 characters without
# whitespace. IAM: a managed policy (the boundary) holds 6,144 characters without whitespace.
INLINE_POLICY_LIMIT = 10_240
MANAGED_POLICY_LIMIT = 6_144


def _size(document: dict) -> int:
    return len(minify(document))


def check_identity_documents(ctx: Context) -> None:
    partition = ctx.blueprint.partition
    for name, permission_set in sorted(ctx.blueprint.permission_sets.items()):
        if permission_set.inline_policy is None:
            continue
        size = _size(permission_set.inline_policy.model_dump(exclude_none=True))
        if size > INLINE_POLICY_LIMIT:
            ctx.error(
                ("permission_sets", name, "inline_policy"),
                f"inline policy of '{name}' is {size} characters; IAM Identity Center allows "
                f"{INLINE_POLICY_LIMIT} (over by {size - INLINE_POLICY_LIMIT}); move statements "
                "into customer-managed policies",
            )
    for name, boundary in sorted(ctx.blueprint.permission_boundaries.items()):
        size = _size(boundary_document(name, boundary, partition))
        if size > MANAGED_POLICY_LIMIT:
            ctx.error(
                ("permission_boundaries", name),
                f"boundary '{name}' with its extra statements is {size} characters; IAM allows "
                f"{MANAGED_POLICY_LIMIT} for a managed policy "
                f"(over by {size - MANAGED_POLICY_LIMIT})",
                at_key=True,
            )
