"""In words, what creating or deleting a resource means beyond the change itself: an account
that can never be uncreated, an account that closes, a protected resource that stops
`pulumi up` part-way, a resource that stays in AWS unmanaged."""

from __future__ import annotations

from orgctl.evidence.words import plain_type

ACCOUNT = "aws:organizations/account:Account"


def _name(urn: str) -> str:
    return urn.rsplit("::", 1)[-1]


def _account_label(resource: dict, offline: bool) -> str:
    # An offline plan invents the ids of accounts it creates; only imported ones are real.
    identity = resource.get("importID") or ("" if offline else resource.get("id"))
    return f"`{_name(resource['urn'])}`" + (f" ({identity})" if identity else "")


def deletion_warnings(resource: dict, offline: bool) -> list[str]:
    """What deleting this resource means, in words, when it is more than a deletion."""
    warnings = []
    inputs = resource.get("inputs") or {}
    name = _name(resource["urn"])
    if resource.get("protect"):
        warnings.append(
            f"{plain_type(resource['type'])} `{name}` is protected: `pulumi up` refuses to "
            "delete it and stops part-way, after other changes may already be applied. Keep "
            "it in the blueprint, or unprotect it on purpose first (`pulumi state unprotect`)."
        )
    elif resource["type"] == ACCOUNT and inputs.get("closeOnDeletion"):
        warnings.append(
            f"AWS account {_account_label(resource, offline)} will be closed (close_on_deletion): "
            "this cannot be undone by Pulumi; AWS deletes it for good after 90 days, and only "
            "AWS Support can reopen it before then."
        )
    elif resource["type"] == ACCOUNT:
        warnings.append(
            f"AWS account {_account_label(resource, offline)} leaves the organization and "
            "becomes a standalone account, without the organization's guardrails, trail or "
            "access."
        )
    if resource.get("retainOnDelete") and not resource.get("protect"):
        warnings.append(
            f"{plain_type(resource['type'])} `{name}` stays in AWS (retainOnDelete): Pulumi "
            "stops managing it, nothing is deleted."
        )
    return warnings


def creation_warnings(resource: dict) -> list[str]:
    if resource["type"] == ACCOUNT and not resource.get("importID"):
        return [
            f"A new AWS account `{_name(resource['urn'])}` is created: it can be closed later, "
            "but never deleted or uncreated."
        ]
    return []
