"""The account directory: what the organization domain hands to guardrails, identity and
monitoring. Each entry carries the account's id (known for adopted accounts, an Output for new
ones) and the provider that acts inside it, so no leaf ever builds a provider of its own."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pulumi
import pulumi_aws as aws


@dataclass(frozen=True)
class AccountEntry:
    key: str
    account_id: pulumi.Input[str]
    provider: aws.Provider
    is_management: bool = False
    # a provider per allowed Region (the home Region's is `provider`)
    regional: Mapping[str, aws.Provider] = field(default_factory=dict)


@dataclass
class AccountDirectory:
    entries: dict[str, AccountEntry]
    management_key: str
    root_id: pulumi.Output[str]
    ou_ids: dict[str, pulumi.Output[str]]
    organization_id: pulumi.Output[str] | None = None
    # the organization itself: policies wait for it (a new organization must exist first)
    organization: aws.organizations.Organization | None = None
    # management-account providers for regional organization-wide settings, by region
    management_regional: dict[str, aws.Provider] = field(default_factory=dict)
    # security tooling account providers for regional security services, by region
    security_regional: dict[str, aws.Provider] = field(default_factory=dict)
    # delegated-administrator registrations the security services must wait for
    delegations: list[pulumi.Resource] = field(default_factory=list)

    def __getitem__(self, key: str) -> AccountEntry:
        return self.entries[key]

    @property
    def management(self) -> AccountEntry:
        return self.entries[self.management_key]

    def members(self) -> list[AccountEntry]:
        return [e for key, e in sorted(self.entries.items()) if not e.is_management]

    def provider_for(self, key: str) -> aws.Provider:
        entry = self.entries.get(key)
        if entry is None:
            raise KeyError(f"no provider for unknown account '{key}'")
        return entry.provider
