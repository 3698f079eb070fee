"""The controls the evidence pack reports on, per framework (SOC 2, PCI-DSS 4.0, CIS AWS
Foundations 3.0), and what implements each: the resource types that must all be present, the
SCP statements and pack policies tagged with the control, and what the auditor must ask for
that no code can show. A control with nothing in `requires` is evidenced outside AWS only."""

from __future__ import annotations

from dataclasses import dataclass

from guardrails.library import LIBRARY

# Blueprint `compliance.frameworks` key -> the framework's name in the report.
FRAMEWORKS = {
    "soc2": "SOC 2",
    "pci-dss-4.0": "PCI-DSS 4.0",
    "cis-aws": "CIS AWS Foundations 3.0",
}
# Framework key -> the prefix of the pack's control tags ("soc2:CC6.1").
TAG_PREFIXES = {"soc2": "soc2:", "pci-dss-4.0": "pci-dss-4.0:", "cis-aws": "cis-aws:"}


@dataclass(frozen=True)
class Control:
    framework: str  # a key of FRAMEWORKS
    control: str  # "CC6.1", "8.2.x", "10.5.1"
    title: str
    requires: tuple[str, ...]  # resource types that must all be present to implement it
    ask_for: str
    supports: tuple[str, ...] = ()  # further resource types listed when present

    @property
    def framework_name(self) -> str:
        return FRAMEWORKS[self.framework]

    def matches(self, control_id: str) -> bool:
        """Whether a tag's control id ("8.2.1", "4.1-4.15") falls under this control."""
        if self.control.endswith(".x"):
            return control_id.startswith(self.control[:-1])
        return control_id == self.control or control_id.startswith(self.control + ".")

    @property
    def tag_prefix(self) -> str:
        return TAG_PREFIXES[self.framework]


ORGANIZATION = "aws:organizations/organization:Organization"
ACCOUNT = "aws:organizations/account:Account"
SCP = "aws:organizations/policy:Policy"
SCP_ATTACHMENT = "aws:organizations/policyAttachment:PolicyAttachment"
PERMISSION_SET = "aws:ssoadmin/permissionSet:PermissionSet"
ASSIGNMENT = "aws:ssoadmin/accountAssignment:AccountAssignment"
BOUNDARY = "aws:ssoadmin/permissionsBoundaryAttachment:PermissionsBoundaryAttachment"
IAM_POLICY = "aws:iam/policy:Policy"
IAM_USER = "aws:iam/user:User"
IAM_ROLE = "aws:iam/role:Role"
PASSWORD_POLICY = "aws:iam/accountPasswordPolicy:AccountPasswordPolicy"
ROOT_ACCESS = "aws:iam/organizationsFeatures:OrganizationsFeatures"
TRAIL = "aws:cloudtrail/trail:Trail"
OBJECT_LOCK = "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration"
LIFECYCLE = "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration"
BUCKET_LOGGING = "aws:s3/bucketLogging:BucketLogging"
KMS_KEY = "aws:kms/key:Key"
LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup"
METRIC_FILTER = "aws:cloudwatch/logMetricFilter:LogMetricFilter"
ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm"
TOPIC = "aws:sns/topic:Topic"
EVENT_RULE = "aws:cloudwatch/eventRule:EventRule"
GUARDDUTY = "aws:guardduty/detector:Detector"
SECURITY_HUB = "aws:securityhub/configurationPolicy:ConfigurationPolicy"
ANALYZER = "aws:accessanalyzer/analyzer:Analyzer"
CONFIG_RECORDER = "aws:cfg/recorder:Recorder"
CONFIG_STACKSET = "aws:cloudformation/stackSet:StackSet"

GUARDRAILS = (SCP, SCP_ATTACHMENT)
SSO = (PERMISSION_SET, ASSIGNMENT)
BREAK_GLASS = (IAM_USER, IAM_ROLE, PASSWORD_POLICY)
DETECT = (GUARDDUTY, SECURITY_HUB, ANALYZER, CONFIG_RECORDER)
ALARMS = (LOG_GROUP, METRIC_FILTER, ALARM, TOPIC)

CONTROLS = (
    Control(
        "soc2",
        "CC6.1",
        "Logical access security: identities, guardrails, encryption",
        (*GUARDRAILS, *SSO),
        "IdP configuration: MFA policy for every user, password policy, session policy.",
        (ORGANIZATION, ACCOUNT, *BREAK_GLASS, KMS_KEY),
    ),
    Control(
        "soc2",
        "CC6.2",
        "Registration and authorization of users",
        SSO,
        "Joiner tickets approving group membership; SCIM provisioning logs from the IdP.",
    ),
    Control(
        "soc2",
        "CC6.3",
        "Role-based access, least privilege, removal",
        (*SSO, BOUNDARY),
        "Quarterly access review records signed by managers; leaver tickets with removal times.",
        (IAM_POLICY,),
    ),
    Control(
        "soc2",
        "CC6.6",
        "Boundaries against threats from outside",
        GUARDRAILS,
        "Network architecture diagrams; firewall and security group reviews (outside this tool).",
    ),
    Control(
        "soc2",
        "CC6.7",
        "Restricting transmission and storage of data",
        (KMS_KEY, *GUARDRAILS),
        "Data-classification policy; TLS configuration of public endpoints.",
        (TRAIL,),
    ),
    Control(
        "soc2",
        "CC6.8",
        "Preventing unauthorized or malicious software",
        (GUARDDUTY,),
        "Malware and vulnerability management outside AWS accounts (endpoints, CI).",
        DETECT,
    ),
    Control(
        "soc2",
        "CC7.2",
        "Monitoring for anomalies",
        (TRAIL, METRIC_FILTER, ALARM),
        "Alert tickets and their triage for the audit period; on-call schedule.",
        (*ALARMS, EVENT_RULE, *DETECT),
    ),
    Control(
        "soc2",
        "CC7.3",
        "Evaluating security events",
        (ALARM, TOPIC),
        "Incident records with evaluations; break-glass use records and quarterly tests.",
        (EVENT_RULE, *DETECT),
    ),
    Control(
        "soc2",
        "CC7.4",
        "Responding to identified security incidents",
        (),
        "The incident response plan, its last test, and the records of incidents in the period.",
    ),
    Control(
        "soc2",
        "CC8.1",
        "Change management",
        GUARDRAILS,
        "Pull requests with reviews and CI results for every blueprint change; deployment logs.",
        (ALARM,),
    ),
    Control(
        "pci-dss-4.0",
        "7.2.x",
        "Access to system components is appropriately defined and assigned",
        (*SSO, BOUNDARY),
        "Role definitions approved by management; access reviews at least every six months (7.2.4).",
        (IAM_POLICY,),
    ),
    Control(
        "pci-dss-4.0",
        "8.2.x",
        "User identification and account lifecycle",
        SSO,
        "IdP evidence of unique IDs; removal of terminated users; 90-day inactive account reports (8.2.6).",
        (*BREAK_GLASS, *GUARDRAILS),
    ),
    Control(
        "pci-dss-4.0",
        "8.3.x",
        "Strong authentication",
        (PASSWORD_POLICY,),
        "IdP password and lockout settings (8.3.4: 10 attempts, 30 minutes); break-glass compensating control.",
        BREAK_GLASS,
    ),
    Control(
        "pci-dss-4.0",
        "8.4.x",
        "Multi-factor authentication",
        (IAM_ROLE, *GUARDRAILS),
        "IdP MFA enforcement for all users with CDE access; phishing-resistant factors for admins.",
        BREAK_GLASS,
    ),
    Control(
        "pci-dss-4.0",
        "8.6.x",
        "Application and system accounts",
        GUARDRAILS,
        "Inventory of system accounts and their owners; secrets rotation records.",
        BREAK_GLASS,
    ),
    Control(
        "pci-dss-4.0",
        "10.2.x",
        "Audit logs capture the required events",
        (TRAIL,),
        "Sample of CloudTrail records proving user attribution (one per event class).",
        ALARMS,
    ),
    Control(
        "pci-dss-4.0",
        "10.3.x",
        "Audit logs are protected",
        (TRAIL, OBJECT_LOCK, KMS_KEY),
        "Object Lock configuration screenshot; log file validation run (`aws cloudtrail validate-logs`).",
    ),
    Control(
        "pci-dss-4.0",
        "10.4.x",
        "Audit logs are reviewed",
        (METRIC_FILTER, ALARM),
        "Daily review records (10.4.1) and the alert handling tickets.",
        (*ALARMS, *DETECT),
    ),
    Control(
        "pci-dss-4.0",
        "10.5.1",
        "Audit log history retained 12 months, 3 immediately available",
        (TRAIL, OBJECT_LOCK, LIFECYCLE),
        "Lifecycle configuration; a restore test of a log older than 90 days.",
    ),
    Control(
        "pci-dss-4.0",
        "12.10.x",
        "Incident response plan exists and is ready",
        (),
        "The incident response plan, its annual test (12.10.2) and the people on call (12.10.3).",
    ),
    Control(
        "cis-aws",
        "1.1",
        "Maintain current contact details",
        (),
        "Account contact details of every account (billing console or `aws account get-contact-information`).",
    ),
    Control(
        "cis-aws",
        "1.4",
        "No root user access keys",
        (ROOT_ACCESS,),
        "The organization's credential report showing no root access keys.",
        GUARDRAILS,
    ),
    Control(
        "cis-aws",
        "1.7",
        "Eliminate use of the root user",
        (ROOT_ACCESS, *GUARDRAILS),
        "Root usage alarm history for the audit period.",
    ),
    Control(
        "cis-aws",
        "1.8",
        "IAM password policy: minimum length 14 or more",
        (PASSWORD_POLICY,),
        "IdP password settings for people (Identity Center users never hold IAM passwords).",
    ),
    Control(
        "cis-aws",
        "1.20",
        "IAM Access Analyzer enabled",
        (ANALYZER,),
        "Access Analyzer findings and their triage.",
    ),
    Control(
        "cis-aws",
        "3.1",
        "CloudTrail enabled in all Regions",
        (TRAIL,),
        "`aws cloudtrail get-trail-status` of the organization trail.",
    ),
    Control(
        "cis-aws",
        "3.x",
        "Logging: trail validation, encryption, AWS Config, bucket access logs",
        (TRAIL, KMS_KEY, BUCKET_LOGGING, CONFIG_STACKSET),
        "`aws cloudtrail validate-logs` output; AWS Config aggregator status.",
        (CONFIG_RECORDER, OBJECT_LOCK),
    ),
    Control(
        "cis-aws",
        "4.x",
        "Monitoring: metric filters and alarms (4.1-4.15)",
        (LOG_GROUP, METRIC_FILTER, ALARM, TOPIC),
        "Confirmed SNS subscriptions and the alert handling tickets.",
    ),
)

# The seed's audit checklist, with what answers it here.
CHECKLIST = (
    (
        "No shared credentials",
        "IAM Identity Center SSO; IAM users and keys denied by SCP outside break-glass",
        "CloudTrail shows individual attribution (session names are people)",
    ),
    (
        "MFA enforced",
        "MFA at the IdP for every Identity Center session; SCP MFA rule for IAM users; break-glass trust requires MFA ≤ 1 h old",
        "IdP MFA policy export; credential report",
    ),
    (
        "Least privilege",
        "Job-function permission sets, permission boundaries, delegated role creation only within the boundary",
        "Access Analyzer findings; quarterly access review records",
    ),
    (
        "Audit trail",
        "Organization CloudTrail into an Object-Locked (COMPLIANCE) log archive with log file validation",
        "Object Lock configuration; `validate-logs` output",
    ),
    (
        "No root usage",
        "SCP DenyRootUser (AssumeRoot sessions exempt); centralized root access; CIS 4.3 alarm",
        "Root usage alarm history; credential report showing no root credentials",
    ),
    (
        "Access revocation < 24h",
        "SCIM deprovisioning from the IdP; Identity Center sessions ≤ 8 h (admin ≤ 1 h)",
        "SCIM provisioning logs; leaver tickets with timestamps",
    ),
)


def controls_for(frameworks: list[str] | tuple[str, ...]) -> list[Control]:
    """The controls of the frameworks in scope, in catalogue order."""
    return [c for c in CONTROLS if c.framework in frameworks]


def sids_for(control: Control) -> list[str]:
    found = []
    for sid, statement in LIBRARY.items():
        ids = {
            "soc2": statement.controls.soc2,
            "pci-dss-4.0": statement.controls.pci_dss,
            "cis-aws": statement.controls.cis_aws,
        }[control.framework]
        if any(control.matches(i) for i in ids):
            found.append(sid)
    return found
