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
from blueprint.name_types import (
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
from blueprint.quotas import MAX_RESERVED_SCP_SLOTS, SCP_SIZE_LIMIT
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
    # Field docstrings are descriptions (editors show them; docs/blueprint.md is built from them).
    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


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
    """A name for the organization, used in descriptions and reports."""
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
    """Account key of the management account: it stays at the root, is never placed in an OU and is
    never restricted by SCPs."""
    log_archive_account: AccountKey
    """Account key of the log archive (the write-once CloudTrail bucket); a member account."""
    security_account: AccountKey = Field(
        description="Delegated admin of GuardDuty, Security Hub, Config and Access Analyzer."
    )
    home_region: str
    """Where the organization trail, Identity Center and the providers live; one of
    allowed_regions."""
    allowed_regions: Annotated[list[str], Field(min_length=1)]
    """Regions where regional services may be used, all in one partition; the region guardrail
    denies the rest."""
    account_email_domain: DomainName
    """Every account's root email must end in @ this domain."""
    access_role: IamName = "OrganizationAccountAccessRole"
    """The role the program assumes in member accounts; guardrails protect it."""
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
    scp_size_limit: Annotated[int, Field(ge=1024, le=SCP_SIZE_LIMIT)] = Field(
        default=SCP_SIZE_LIMIT,
        description="Largest SCP org-iam composes, in characters as stored; AWS's quota is "
        "the default and the most a blueprint may set.",
    )
    reserved_scp_slots: Annotated[int, Field(ge=0, le=MAX_RESERVED_SCP_SLOTS)] = Field(
        default=0,
        description="SCP slots kept free per target for other tools' SCPs, e.g. 3 under "
        "Control Tower; AWS allows 10 per target, FullAWSAccess included.",
    )
    rehearsal: bool = Field(
        default=False,
        description="A rehearsal organization, not production: Object Lock in GOVERNANCE mode "
        "is allowed (and the policy pack is configured to accept it).",
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
    """Free text, shown in reports."""
    environment: Environment | None = Field(
        default=None, description="Inherited from the parent OU when unset."
    )
    pci_scope: bool | None = Field(
        default=None, description="Part of the cardholder data environment; inherited."
    )
    accounts: list[AccountKey] = Field(default_factory=list)
    """Account keys placed directly in this OU; every account except the management account is in
    exactly one OU."""
    scps: list[PolicyKey] = Field(default_factory=list)
    """Keys of service_control_policies attached to this OU (in effect on everything below it, as
    in AWS)."""
    tags: Tags = Field(default_factory=dict)
    """Tags on the OU (at most 50)."""
    children: dict[OuName, OrganizationalUnit] = Field(default_factory=dict)
    """Child OUs keyed by name, same shape; at most 5 levels below the root."""
    renamed_from: list[OuName] = Field(default_factory=list)
    """Former names of this OU under the same parent, newest first: Pulumi keeps the OU and
    everything named after it (child OUs, SCP attachments) instead of replacing them. See
    docs/renaming.md."""


class Account(Strict):
    email: AccountEmail
    """Root email: in account_email_domain and unique ignoring case."""
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
    """SCPs attached to this account only; not allowed on the management account."""
    tags: Tags = Field(default_factory=dict)
    """Account tags (at most 50)."""
    close_on_deletion: bool = Field(
        default=False, description="Close the account if removed from the blueprint (sandboxes)."
    )
    renamed_from: list[AccountKey] = Field(default_factory=list)
    """Former keys of this account, newest first: Pulumi keeps the account and everything named
    after it (providers, roles, boundaries, assignments) instead of replacing them. See
    docs/renaming.md."""


class PolicyStatement(Strict):
    """One IAM policy statement; `Principal` is absent on purpose (identity policies and SCPs)."""

    Sid: StatementSid | None = None
    """Statement id: letters and digits."""
    Effect: Literal["Allow", "Deny"]
    """Allow or Deny."""
    Action: StringOrList | None = None
    """Actions as 'service:Action' (wildcards allowed), checked against AWS's action list; exactly
    one of Action or NotAction."""
    NotAction: StringOrList | None = None
    """Every action except these; exactly one of Action or NotAction."""
    Resource: StringOrList | None = None
    """Resource ARNs or '*'; exactly one of Resource or NotResource."""
    NotResource: StringOrList | None = None
    """Every resource except these; exactly one of Resource or NotResource."""
    Condition: dict[str, dict[str, Any]] | None = None
    """Condition operator -> condition key -> value(s), as in IAM; operators and keys are
    checked."""

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
    """Always '2012-10-17'."""
    Statement: Annotated[list[PolicyStatement], Field(min_length=1)]
    """At least one statement."""


class ServiceControlPolicy(Strict):
    description: Annotated[str, Field(min_length=1, max_length=512)]
    """Why the policy exists (at most 512 characters)."""
    statements: list[StatementSid] = Field(
        default_factory=list, description="Sids of statements from the guardrail library."
    )
    custom_statements: list[PolicyStatement] = Field(default_factory=list)
    """Your own statements in IAM JSON shape; Principal is not allowed in SCPs."""

    @model_validator(mode="after")
    def _not_empty(self) -> ServiceControlPolicy:
        if not self.statements and not self.custom_statements:
            raise ValueError("an SCP needs 'statements' from the library or 'custom_statements'")
        return self


class PermissionBoundary(Strict):
    description: Annotated[str, Field(min_length=1, max_length=1000)]
    """Shown on the IAM policy (at most 1000 characters)."""
    path: IamPath = "/"
    """IAM path of the boundary policy."""
    delegated_role_path: IamPath = Field(
        default="/delegated/",
        description="Holders may pass roles and rewrite policies only under this IAM path.",
    )
    extra_statements: list[PolicyStatement] = Field(
        default_factory=list, description="Added after the built-in anti-escalation statements."
    )


class CustomerManagedPolicy(Strict):
    name: IamName
    """Name of a customer-managed policy that must exist in every target account."""
    path: IamPath = "/"
    """Its IAM path."""


class PermissionSet(Strict):
    description: Annotated[str, Field(min_length=1, max_length=700)]
    """What the set is for (at most 700 characters)."""
    session_duration: SessionDuration
    """1h to 12h (Identity Center's bounds), written 4h, 90m, 1h30m or PT4H."""
    managed_policies: list[
        Annotated[str, Field(pattern=r"^(arn:aws[a-z-]*:iam::aws:policy/)?[\w+=,.@/-]+$")]
    ] = Field(default_factory=list, description="AWS managed policy names, e.g. 'ReadOnlyAccess'.")
    customer_managed_policies: list[CustomerManagedPolicy] = Field(default_factory=list)
    """References to policies that must exist, same name and path, in every target account."""
    inline_policy: PolicyDocument | None = None
    """One IAM policy document; its actions, operators and keys are checked."""
    boundary: PolicyKey | None = None
    """A key of permission_boundaries, attached as the sessions' permissions boundary."""
    environments: list[Environment] | None = Field(
        default=None, description="Where the set may be assigned; unset means anywhere."
    )
    admin_like: bool | None = Field(
        default=None, description="Override the detection of administrator-level sets."
    )
    tags: Tags = Field(default_factory=dict)
    """Tags on the permission set."""
    renamed_from: list[PermissionSetName] = Field(default_factory=list)
    """Former names of this permission set, newest first: Pulumi keeps its resources instead of
    deleting and recreating them (Identity Center itself cannot rename a set: the provider
    still replaces it). See docs/renaming.md."""


class Group(Strict):
    display_name: Annotated[str, Field(min_length=1, max_length=1024)] | None = Field(
        default=None, description="The group's name in the identity store; defaults to the key."
    )
    description: str | None = None
    """Free text."""
    renamed_from: list[GroupKey] = Field(default_factory=list)
    """Former keys of this group, newest first: its assignments are kept, not deleted and
    recreated. See docs/renaming.md."""


class Assignment(Strict):
    group: GroupKey
    """A key of groups."""
    permission_set: PermissionSetName
    """A key of permission_sets."""
    accounts: list[AccountKey] = Field(default_factory=list)
    """Account keys; the management account is only ever reached by naming it here."""
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
    """1 to 4 IAM user names created in the management account (2 recommended; 1 warns)."""
    role_name: IamName = "BreakGlassAdmin"
    """The role in every account that trusts only those users; differs from the access and
    deployment roles."""
    mfa_max_age_seconds: Annotated[int, Field(ge=300, le=3600)] = 3600
    """How recent the MFA must be to assume the role, 300 to 3600 seconds."""
    alert_topic: TopicName = "security-critical"
    """A key of alerting.topics; every use is alerted there."""


class Subscriber(Strict):
    protocol: Literal["email", "https", "sqs", "lambda", "sms"]
    """How the topic reaches the subscriber."""
    endpoint: Annotated[str, Field(min_length=1)]
    """The address for that protocol (an email address, a URL, an ARN, a number)."""


class Topic(Strict):
    description: str | None = None
    """What reaches this topic."""
    subscribers: list[Subscriber] = Field(default_factory=list)
    """Who is notified; a topic without subscribers warns. Email subscribers must confirm the first
    message."""


class Alerting(Strict):
    topics: Annotated[dict[TopicName, Topic], Field(min_length=1)]
    """SNS topics keyed by name; at least one."""


class Monitoring(Strict):
    alert_topic: TopicName = "security-critical"
    """A key of alerting.topics that every alarm notifies."""
    log_archive_retention_days: Annotated[int, Field(ge=365, le=36500)] = 365
    """Object Lock retention of the log archive (PCI-DSS 10.5.1: at least a year)."""
    object_lock_mode: Literal["COMPLIANCE", "GOVERNANCE"] = "COMPLIANCE"
    """COMPLIANCE binds even root until retention ends; GOVERNANCE is for rehearsals."""
    immediately_available_days: Annotated[int, Field(ge=90)] = 90
    """Days kept in S3 Standard before a colder class; at least 90, not above the retention."""
    log_group_retention_days: Literal[LOG_RETENTION_DAYS] = 365  # type: ignore[valid-type]
    """CloudWatch Logs retention of the trail's log group: a value CloudWatch accepts, at least
    90."""
    alarm_sets: list[Literal["cis", "identity", "guardrails", "break_glass"]] = Field(
        default_factory=lambda: ["cis", "identity", "guardrails", "break_glass"]
    )
    """Which metric-filter alarm sets to create."""
    guardduty: bool = True
    """GuardDuty in every allowed Region, delegated to security_account."""
    security_hub: bool = True
    """Security Hub with central configuration, delegated to security_account."""
    config: bool = True
    """AWS Config recording in every account and allowed Region, aggregated in security_account."""
    access_analyzer: bool = True
    """IAM Access Analyzer (organization and unused-access analyzers) in security_account."""

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
    """Frameworks in scope; selects the controls in the evidence report."""


# The sensitive capabilities `orgctl access` asks about (its catalogue defines the requests).
ACCESS_CAPABILITIES = (
    "stop-cloudtrail",
    "destroy-log-archive",
    "leave-organization",
    "create-iam-users-or-keys",
    "change-scps",
    "delete-or-share-databases",
    "change-identity-center",
    "act-outside-regions",
    "act-as-root",
    "disable-security-services",
    "become-exempt-principal",
)
EMERGENCY_HOLDERS = ("break-glass", "deployers")


class AccessAssertion(Strict):
    description: Annotated[str, Field(min_length=1, max_length=500)]
    """The invariant in words, as the report prints it."""
    capabilities: Annotated[
        list[Literal[(*ACCESS_CAPABILITIES, "all")]],  # type: ignore[valid-type]
        Field(min_length=1, description="Capabilities asked; 'all' for the whole catalogue."),
    ]
    only: list[str] = Field(
        default_factory=lambda: list(EMERGENCY_HOLDERS),
        description="Who alone may hold them, directly or through escalation: 'break-glass', "
        "'deployers' and permission set names; an empty list means nobody.",
    )
    ous: list[OuReference] = Field(
        default_factory=list, description="Every account below these OUs, recursively."
    )
    accounts: list[AccountKey] = Field(
        default_factory=list, description="With 'ous' empty too: every account."
    )


class Blueprint(Strict):
    version: Literal[1]
    """Always 1."""
    organization: Organization
    """The organization and the accounts it names."""
    organizational_units: Annotated[dict[OuName, OrganizationalUnit], Field(min_length=1)]
    """The OU tree, keyed by OU name."""
    accounts: Annotated[dict[AccountKey, Account], Field(min_length=1)]
    """Every account, keyed by account key (the key names Pulumi resources: rename it with
    `renamed_from`)."""
    service_control_policies: dict[PolicyKey, ServiceControlPolicy] = Field(default_factory=dict)
    """SCPs keyed by name; statements in effect on a target are packed into as few SCPs as fit."""
    permission_boundaries: dict[IamName, PermissionBoundary] = Field(default_factory=dict)
    """Boundary policies keyed by IAM policy name, created in every member account."""
    permission_sets: dict[PermissionSetName, PermissionSet] = Field(default_factory=dict)
    """Identity Center permission sets keyed by name."""
    groups: dict[GroupKey, Group] = Field(default_factory=dict)
    """Groups keyed by a short key used in assignments."""
    assignments: list[Assignment] = Field(default_factory=list)
    """Which group gets which permission set where."""
    break_glass: BreakGlass
    """Emergency access that works when Identity Center does not."""
    alerting: Alerting
    """Where alarms and break-glass alerts go."""
    monitoring: Monitoring = Field(default_factory=Monitoring)
    """The organization trail, log archive, alarms and security services."""
    compliance: Compliance = Field(default_factory=Compliance)
    """The frameworks the evidence report covers."""
    access_assertions: dict[PolicyKey, AccessAssertion] = Field(
        default_factory=dict,
        description="The security team's invariants, checked by `orgctl access` with its own.",
    )

    @property
    def partition(self) -> str:
        """The AWS partition of the organization (validation keeps all Regions in one)."""
        return partition_of(self.organization.home_region) or "aws"

    @property
    def management_account_id(self) -> str:
        """The management account's id (validation requires it)."""
        return self.accounts[self.organization.management_account].id or ""
