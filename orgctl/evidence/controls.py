"""The controls in scope and what implements each: resource types, SCP statements (by Sid,
from the guardrail library's control ids), policies of the pack (by their control tags), and
what the auditor must ask for that no code can show."""

from __future__ import annotations

from dataclasses import dataclass

from guardrails.library import LIBRARY


@dataclass(frozen=True)
class Control:
    framework: str  # "SOC 2" or "PCI-DSS 4.0"
    control: str  # "CC6.1", "8.2.x", "10.5.1"
    title: str
    resource_types: tuple[str, ...]
    ask_for: str

    def matches(self, control_id: str) -> bool:
        if self.control.endswith(".x"):
            return control_id.startswith(self.control[:-1])
        return control_id == self.control or control_id.startswith(self.control + ".")

    @property
    def tag_prefix(self) -> str:
        return "soc2:" if self.framework == "SOC 2" else "pci-dss-4.0:"


ORG = ("aws:organizations/organization:Organization", "aws:organizations/account:Account")
SCP = ("aws:organizations/policy:Policy", "aws:organizations/policyAttachment:PolicyAttachment")
SSO = (
    "aws:ssoadmin/permissionSet:PermissionSet",
    "aws:ssoadmin/accountAssignment:AccountAssignment",
)
BOUNDARY = (
    "aws:iam/policy:Policy",
    "aws:ssoadmin/permissionsBoundaryAttachment:PermissionsBoundaryAttachment",
)
BREAK_GLASS = (
    "aws:iam/user:User",
    "aws:iam/role:Role",
    "aws:iam/accountPasswordPolicy:AccountPasswordPolicy",
)
TRAIL = (
    "aws:cloudtrail/trail:Trail",
    "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration",
    "aws:kms/key:Key",
)
ALARMS = (
    "aws:cloudwatch/logMetricFilter:LogMetricFilter",
    "aws:cloudwatch/metricAlarm:MetricAlarm",
    "aws:sns/topic:Topic",
    "aws:cloudwatch/eventRule:EventRule",
)
DETECT = (
    "aws:guardduty/detector:Detector",
    "aws:securityhub/configurationPolicy:ConfigurationPolicy",
    "aws:accessanalyzer/analyzer:Analyzer",
    "aws:cfg/recorder:Recorder",
)

CONTROLS = (
    Control(
        "SOC 2",
        "CC6.1",
        "Logical access security: identities, guardrails, encryption",
        (*ORG, *SCP, *SSO, *BREAK_GLASS),
        "IdP configuration: MFA policy for every user, password policy, session policy.",
    ),
    Control(
        "SOC 2",
        "CC6.2",
        "Registration and authorization of users",
        SSO,
        "Joiner tickets approving group membership; SCIM provisioning logs from the IdP.",
    ),
    Control(
        "SOC 2",
        "CC6.3",
        "Role-based access, least privilege, removal",
        (*SSO, *BOUNDARY),
        "Quarterly access review records signed by managers; leaver tickets with removal times.",
    ),
    Control(
        "SOC 2",
        "CC6.6",
        "Boundaries against threats from outside",
        SCP,
        "Network architecture diagrams; firewall and security group reviews (outside this tool).",
    ),
    Control(
        "SOC 2",
        "CC6.7",
        "Restricting transmission and storage of data",
        (*TRAIL, *SCP),
        "Data-classification policy; TLS configuration of public endpoints.",
    ),
    Control(
        "SOC 2",
        "CC6.8",
        "Preventing unauthorized or malicious software",
        DETECT,
        "Malware and vulnerability management outside AWS accounts (endpoints, CI).",
    ),
    Control(
        "SOC 2",
        "CC7.2",
        "Monitoring for anomalies",
        (*TRAIL, *ALARMS, *DETECT),
        "Alert tickets and their triage for the audit period; on-call schedule.",
    ),
    Control(
        "SOC 2",
        "CC7.3",
        "Evaluating security events",
        (*ALARMS, *DETECT),
        "Incident records with evaluations; break-glass use records and quarterly tests.",
    ),
    Control(
        "SOC 2",
        "CC8.1",
        "Change management",
        (*SCP, *ALARMS),
        "Pull requests with reviews and CI results for every blueprint change; deployment logs.",
    ),
    Control(
        "PCI-DSS 4.0",
        "7.2.x",
        "Access to system components is appropriately defined and assigned",
        (*SSO, *BOUNDARY),
        "Role definitions approved by management; access reviews at least every six months (7.2.4).",
    ),
    Control(
        "PCI-DSS 4.0",
        "8.2.x",
        "User identification and account lifecycle",
        (*SSO, *BREAK_GLASS, *SCP),
        "IdP evidence of unique IDs; removal of terminated users; 90-day inactive account reports (8.2.6).",
    ),
    Control(
        "PCI-DSS 4.0",
        "8.3.x",
        "Strong authentication",
        BREAK_GLASS,
        "IdP password and lockout settings (8.3.4: 10 attempts, 30 minutes); break-glass compensating control.",
    ),
    Control(
        "PCI-DSS 4.0",
        "8.4.x",
        "Multi-factor authentication",
        (*BREAK_GLASS, *SCP),
        "IdP MFA enforcement for all users with CDE access; phishing-resistant factors for admins.",
    ),
    Control(
        "PCI-DSS 4.0",
        "8.6.x",
        "Application and system accounts",
        (*BREAK_GLASS, *SCP),
        "Inventory of system accounts and their owners; secrets rotation records.",
    ),
    Control(
        "PCI-DSS 4.0",
        "10.2.x",
        "Audit logs capture the required events",
        (*TRAIL, *ALARMS),
        "Sample of CloudTrail records proving user attribution (one per event class).",
    ),
    Control(
        "PCI-DSS 4.0",
        "10.3.x",
        "Audit logs are protected",
        TRAIL,
        "Object Lock configuration screenshot; log file validation run (`aws cloudtrail validate-logs`).",
    ),
    Control(
        "PCI-DSS 4.0",
        "10.4.x",
        "Audit logs are reviewed",
        (*ALARMS, *DETECT),
        "Daily review records (10.4.1) and the alert handling tickets.",
    ),
    Control(
        "PCI-DSS 4.0",
        "10.5.1",
        "Audit log history retained 12 months, 3 immediately available",
        TRAIL,
        "Lifecycle configuration; a restore test of a log older than 90 days.",
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


def sids_for(control: Control) -> list[str]:
    found = []
    for sid, statement in LIBRARY.items():
        ids = (
            statement.controls.soc2 if control.framework == "SOC 2" else statement.controls.pci_dss
        )
        if any(control.matches(i) for i in ids):
            found.append(sid)
    return found
