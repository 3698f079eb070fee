"""Blueprint v1: the typed shape of the YAML org blueprint.

Structure only (types, required keys, value ranges); rules that relate one part of the file to
another live in `blueprint.semantics`. Every model forbids unknown keys so a typo such as
`sesion_duration` is an error, never silently ignored.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from blueprint.durations import identity_center_session
from blueprint.names import (
    AccountEmail,
    AccountId,
    AccountKey,
    DomainName,
    GroupKey,
    IamName,
    IamPath,
    OuName,
    OuReference,
    PermissionSetName,
    PolicyKey,
    StatementSid,
    TagKey,
    TagValue,
    TopicName,
)
from blueprint.regions import partition_of

Environment = Literal[
    "security", "infrastructure", "production", "nonproduction", "sandbox", "suspended"
]
Tags = Annotated[dict[TagKey, TagValue], Field(max_length=50)]
SessionDuration = Annotated[str, AfterValidator(identity_center_session)]
StringOrList = str | Annotated[list[str], Field(min_length=1)]

# CloudWatch Logs accepts only these retention periods (PutRetentionPolicy).
LOG_RETENTION_DAYS = (
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545,
    731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
)  # fmt: skip


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


PolicyType = Literal[
    "AISERVICES_OPT_OUT_POLICY",
    "BACKUP_POLICY",
    "CHATBOT_POLICY",
    "DECLARATIVE_POLICY_EC2",
    "RESOURCE_CONTROL_POLICY",
    "TAG_POLICY",
]


class Organization(Strict):
    name: Annotated[str, Field(min_length=1, max_length=128)]
    id: Annotated[str, Field(pattern=r"^o-[a-z0-9]{10,32}$")] | None = Field(
        default=None, description="Existing organization id: it is adopted, never recreated."
    )
    extra_service_access_principals: list[
        Annotated[str, Field(pattern=r"^[a-z0-9.-]+\.amazonaws\.com$")]
    ] = Field(
        default_factory=list,
        description="Trusted access the organization already grants to other services; kept.",
    )
    extra_policy_types: list[PolicyType] = Field(
        default_factory=list,
        description="Policy types already enabled besides SCPs (e.g. TAG_POLICY); kept.",
    )
    management_account: AccountKey
    log_archive_account: AccountKey
    security_account: AccountKey = Field(
        description="Delegated admin of GuardDuty, Security Hub, Config and Access Analyzer."
    )
    home_region: str
    allowed_regions: Annotated[list[str], Field(min_length=1)]
    account_email_domain: DomainName
    access_role: IamName = "OrganizationAccountAccessRole"
    deployment_roles: list[IamName] = Field(
        default_factory=list,
        description="Roles that deploy into member accounts (CI); guardrails exempt them.",
    )
    trusted_external_accounts: list[AccountId] = Field(
        default_factory=list,
        description="Accounts outside the organization whose principals may assume roles in "
        "it (e.g. a vendor's); every other foreign principal is denied by the identity "
        "perimeter RCP.",
    )
    scp_size_limit: Annotated[int, Field(ge=1024, le=5120)] = 5120
    reserved_scp_slots: Annotated[int, Field(ge=0, le=3)] = Field(
        default=0, description="SCP slots kept free per target, e.g. 3 under Control Tower."
    )
    identity_source: Literal["external_idp", "identity_center"] = Field(
        default="external_idp",
        description="Where people and groups live: an IdP synced by SCIM (groups are looked up), "
        "or Identity Center's own directory (groups are created).",
    )
    managed_policies_per_role: Annotated[int, Field(ge=10, le=20)] = Field(
        default=10, description="The IAM quota in the member accounts (10 unless raised)."
    )


class OrganizationalUnit(Strict):
    description: str | None = None
    environment: Environment | None = Field(
        default=None, description="Inherited from the parent OU when unset."
    )
    pci_scope: bool | None = Field(
        default=None, description="Part of the cardholder data environment; inherited."
    )
    accounts: list[AccountKey] = Field(default_factory=list)
    scps: list[PolicyKey] = Field(default_factory=list)
    tags: Tags = Field(default_factory=dict)
    children: dict[OuName, OrganizationalUnit] = Field(default_factory=dict)


class Account(Strict):
    email: AccountEmail
    name: Annotated[str, Field(min_length=1, max_length=50, pattern=r"^[\x20-\x7e]+$")] | None = (
        Field(default=None, description="Display name in AWS; defaults to the account key.")
    )
    id: AccountId | None = Field(
        default=None, description="Existing account id: the account is adopted, never created."
    )
    owner: str | None = Field(
        default=None, description="Accountable person; required in sandboxes."
    )
    expires: datetime.date | None = Field(
        default=None, description="After this date the account is quarantined (deny-all SCP)."
    )
    scps: list[PolicyKey] = Field(default_factory=list)
    tags: Tags = Field(default_factory=dict)
    close_on_deletion: bool = Field(
        default=False, description="Close the account if removed from the blueprint (sandboxes)."
    )


class PolicyStatement(Strict):
    """One IAM policy statement; `Principal` is absent on purpose (identity policies and SCPs)."""

    Sid: StatementSid | None = None
    Effect: Literal["Allow", "Deny"]
    Action: StringOrList | None = None
    NotAction: StringOrList | None = None
    Resource: StringOrList | None = None
    NotResource: StringOrList | None = None
    Condition: dict[str, dict[str, Any]] | None = None

    # Both given: the error belongs on the second key, so it is a field rule; neither given:
    # there is no field to point at, so the statement itself is reported.
    @field_validator("NotAction", "NotResource")
    @classmethod
    def _not_both(cls, value: object, info: ValidationInfo) -> object:
        positive = info.field_name.removeprefix("Not")  # type: ignore[union-attr]
        if value is not None and info.data.get(positive) is not None:
            raise ValueError(
                f"a statement has either '{positive}' or '{info.field_name}', not both"
            )
        return value

    @model_validator(mode="after")
    def _one_action_one_resource(self) -> PolicyStatement:
        if self.Action is None and self.NotAction is None:
            raise ValueError("a statement needs exactly one of 'Action' or 'NotAction'")
        if self.Resource is None and self.NotResource is None:
            raise ValueError("a statement needs exactly one of 'Resource' or 'NotResource'")
        return self


class PolicyDocument(Strict):
    Version: Literal["2012-10-17"]
    Statement: Annotated[list[PolicyStatement], Field(min_length=1)]


class ServiceControlPolicy(Strict):
    description: Annotated[str, Field(min_length=1, max_length=512)]
    statements: list[StatementSid] = Field(
        default_factory=list, description="Sids of statements from the guardrail library."
    )
    custom_statements: list[PolicyStatement] = Field(default_factory=list)

    @model_validator(mode="after")
    def _not_empty(self) -> ServiceControlPolicy:
        if not self.statements and not self.custom_statements:
            raise ValueError("an SCP needs 'statements' from the library or 'custom_statements'")
        return self


class PermissionBoundary(Strict):
    description: Annotated[str, Field(min_length=1, max_length=1000)]
    path: IamPath = "/"
    delegated_role_path: IamPath = Field(
        default="/delegated/",
        description="Holders may pass roles and rewrite policies only under this IAM path.",
    )
    extra_statements: list[PolicyStatement] = Field(
        default_factory=list, description="Added after the built-in anti-escalation statements."
    )


class CustomerManagedPolicy(Strict):
    name: IamName
    path: IamPath = "/"


class PermissionSet(Strict):
    description: Annotated[str, Field(min_length=1, max_length=700)]
    session_duration: SessionDuration
    managed_policies: list[
        Annotated[str, Field(pattern=r"^(arn:aws[a-z-]*:iam::aws:policy/)?[\w+=,.@/-]+$")]
    ] = Field(default_factory=list, description="AWS managed policy names, e.g. 'ReadOnlyAccess'.")
    customer_managed_policies: list[CustomerManagedPolicy] = Field(default_factory=list)
    inline_policy: PolicyDocument | None = None
    boundary: PolicyKey | None = None
    environments: list[Environment] | None = Field(
        default=None, description="Where the set may be assigned; unset means anywhere."
    )
    admin_like: bool | None = Field(
        default=None, description="Override the detection of administrator-level sets."
    )
    tags: Tags = Field(default_factory=dict)


class Group(Strict):
    display_name: Annotated[str, Field(min_length=1, max_length=1024)] | None = Field(
        default=None, description="The group's name in the identity store; defaults to the key."
    )
    description: str | None = None


class Assignment(Strict):
    group: GroupKey
    permission_set: PermissionSetName
    accounts: list[AccountKey] = Field(default_factory=list)
    ous: list[OuReference] = Field(
        default_factory=list, description="Every account below these OUs, recursively."
    )
    pci_exception: Annotated[str, Field(min_length=10)] | None = Field(
        default=None, description="Why an administrator-level set is granted in PCI scope."
    )

    @model_validator(mode="after")
    def _has_targets(self) -> Assignment:
        if not self.accounts and not self.ous:
            raise ValueError("an assignment needs 'accounts' or 'ous'")
        return self


class BreakGlass(Strict):
    users: Annotated[list[IamName], Field(min_length=1, max_length=4)]
    role_name: IamName = "BreakGlassAdmin"
    mfa_max_age_seconds: Annotated[int, Field(ge=300, le=3600)] = 3600
    alert_topic: TopicName = "security-critical"


class Subscriber(Strict):
    protocol: Literal["email", "https", "sqs", "lambda", "sms"]
    endpoint: Annotated[str, Field(min_length=1)]


class Topic(Strict):
    description: str | None = None
    subscribers: list[Subscriber] = Field(default_factory=list)


class Alerting(Strict):
    topics: Annotated[dict[TopicName, Topic], Field(min_length=1)]


class Monitoring(Strict):
    alert_topic: TopicName = "security-critical"
    log_archive_retention_days: Annotated[int, Field(ge=365, le=36500)] = 365
    object_lock_mode: Literal["COMPLIANCE", "GOVERNANCE"] = "COMPLIANCE"
    immediately_available_days: Annotated[int, Field(ge=90)] = 90
    log_group_retention_days: Literal[LOG_RETENTION_DAYS] = 365  # type: ignore[valid-type]
    alarm_sets: list[Literal["cis", "identity", "guardrails", "break_glass"]] = Field(
        default_factory=lambda: ["cis", "identity", "guardrails", "break_glass"]
    )
    guardduty: bool = True
    security_hub: bool = True
    config: bool = True
    access_analyzer: bool = True

    # Field rules, not model rules, so each error points at the value that must change.
    @field_validator("immediately_available_days")
    @classmethod
    def _within_retention(cls, value: int, info: ValidationInfo) -> int:
        retention = info.data.get("log_archive_retention_days")
        if retention is not None and value > retention:
            raise ValueError(
                f"immediately_available_days ({value}) cannot exceed "
                f"log_archive_retention_days ({retention})"
            )
        return value

    @field_validator("log_group_retention_days")
    @classmethod
    def _pci_log_retention(cls, value: int) -> int:
        if value < 90:
            raise ValueError("log_group_retention_days must be at least 90 (PCI-DSS 10.5.1)")
        return value


class Compliance(Strict):
    frameworks: list[Literal["soc2", "pci-dss-4.0", "cis-aws"]] = Field(
        default_factory=lambda: ["soc2", "pci-dss-4.0"]
    )


class Blueprint(Strict):
    version: Literal[1]
    organization: Organization
    organizational_units: Annotated[dict[OuName, OrganizationalUnit], Field(min_length=1)]
    accounts: Annotated[dict[AccountKey, Account], Field(min_length=1)]
    service_control_policies: dict[PolicyKey, ServiceControlPolicy] = Field(default_factory=dict)
    permission_boundaries: dict[IamName, PermissionBoundary] = Field(default_factory=dict)
    permission_sets: dict[PermissionSetName, PermissionSet] = Field(default_factory=dict)
    groups: dict[GroupKey, Group] = Field(default_factory=dict)
    assignments: list[Assignment] = Field(default_factory=list)
    break_glass: BreakGlass
    alerting: Alerting
    monitoring: Monitoring = Field(default_factory=Monitoring)
    compliance: Compliance = Field(default_factory=Compliance)

    @property
    def partition(self) -> str:
        """The AWS partition of the organization (validation keeps all Regions in one)."""
        return partition_of(self.organization.home_region) or "aws"

    @property
    def management_account_id(self) -> str:
        """The management account's id (validation requires it)."""
        return self.accounts[self.organization.management_account].id or ""
