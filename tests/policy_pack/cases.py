"""For every policy: a compliant stack, and a noncompliant one a single mutation away, with a
fragment of the message it must produce; for every rule of a policy of several rules, its own
noncompliant stack (RULE_CASES). The seed's own mistakes are among the noncompliant."""

from __future__ import annotations

import json

from tests.policy_pack.helpers import R, aws_provider, doc

ALLOW_ALL = {"Effect": "Allow", "Action": "*", "Resource": "*"}
READ = {"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "arn:aws:s3:::bucket/*"}
ADMIN_ARN = "arn:aws:iam::aws:policy/AdministratorAccess"

# --- IAM -----------------------------------------------------------------------------------
app_policy = R("aws:iam/policy:Policy", "app", {"name": "app", "policy": doc(READ)})
break_glass_role = R(
    "aws:iam/role:Role",
    "bg",
    {
        "name": "BreakGlassAdmin",
        "tags": {"org-iam:break-glass": "true"},
        "assumeRolePolicy": doc(
            {
                "Effect": "Allow",
                "Principal": {"AWS": ["arn:aws:iam::111111111111:user/break-glass/breakglass-1"]},
                "Action": "sts:AssumeRole",
                "Condition": {
                    "Bool": {"aws:MultiFactorAuthPresent": "true"},
                    "NumericLessThanEquals": {"aws:MultiFactorAuthAge": "3600"},
                },
            }
        ),
    },
)
app_role = R(
    "aws:iam/role:Role",
    "app-role",
    {
        "name": "app-role",
        "path": "/delegated/",
        "permissionsBoundary": "arn:aws:iam::111111111111:policy/EngineerPermissionBoundary",
        "assumeRolePolicy": doc(
            {
                "Effect": "Allow",
                "Principal": {"Service": "lambda.amazonaws.com"},
                "Action": "sts:AssumeRole",
            }
        ),
    },
)
admin_to_break_glass = R(
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    "bg-admin",
    {"policyArn": ADMIN_ARN, "role": "BreakGlassAdmin"},
    deps={"role": ["bg"]},
)
boundary = R(
    "aws:iam/policy:Policy",
    "boundary",
    {
        "name": "EngineerPermissionBoundary",
        "tags": {"org-iam:boundary": "true"},
        "policy": doc(
            ALLOW_ALL,
            {
                "Effect": "Deny",
                "Action": ["iam:CreatePolicyVersion", "iam:DeletePolicy"],
                "Resource": "arn:aws:iam::*:policy/EngineerPermissionBoundary",
            },
            {"Effect": "Deny", "Action": ["iam:DeleteRolePermissionsBoundary"], "Resource": "*"},
            {
                "Effect": "Deny",
                "Action": ["iam:CreateRole"],
                "Resource": "*",
                "Condition": {
                    "StringNotLike": {
                        "iam:PermissionsBoundary": "arn:aws:iam::*:policy/EngineerPermissionBoundary"
                    }
                },
            },
            {
                "Effect": "Deny",
                "Action": ["iam:CreateUser", "iam:CreateAccessKey"],
                "Resource": "*",
            },
            {"Effect": "Deny", "Action": ["organizations:*"], "Resource": "*"},
        ),
    },
)
seed_boundary = boundary.but(
    policy=doc(
        ALLOW_ALL,
        {
            "Effect": "Deny",
            "Action": ["iam:CreateUser", "iam:DeleteUser", "organizations:*", "account:*"],
            "Resource": "*",
        },
    )
)
password_policy = R(
    "aws:iam/accountPasswordPolicy:AccountPasswordPolicy",
    "pw",
    {
        "minimumPasswordLength": 14,
        "passwordReusePrevention": 24,
        "requireNumbers": True,
        "requireLowercaseCharacters": True,
    },
)
SEED_BREAK_GLASS_TRUST = doc(
    {
        "Effect": "Allow",
        "Principal": {"Service": "ec2.amazonaws.com"},
        "Action": "sts:AssumeRole",
        "Condition": {
            "Bool": {"aws:MultiFactorAuthPresent": "true"},
            "NumericLessThan": {"aws:MultiFactorAuthAge": "3600"},
        },
    }
)

# --- Identity Center -------------------------------------------------------------------------
admin_set = R(
    "aws:ssoadmin/permissionSet:PermissionSet",
    "Admin",
    {"name": "Admin", "sessionDuration": "PT1H", "tags": {}},
)
admin_set_policy = R(
    "aws:ssoadmin/managedPolicyAttachment:ManagedPolicyAttachment",
    "Admin:AdministratorAccess",
    {"managedPolicyArn": ADMIN_ARN},
    deps={"permissionSetArn": ["Admin"]},
)
admin_set_boundary = R(
    "aws:ssoadmin/permissionsBoundaryAttachment:PermissionsBoundaryAttachment",
    "Admin:boundary",
    {
        "permissionsBoundary": {
            "customerManagedPolicyReference": {"name": "EngineerPermissionBoundary", "path": "/"}
        }
    },
    deps={"permissionSetArn": ["Admin"]},
)
readonly_set = R(
    "aws:ssoadmin/permissionSet:PermissionSet",
    "ReadOnly",
    {"name": "ReadOnly", "sessionDuration": "PT8H"},
)
tagged_admin_set = admin_set.but(tags={"org-iam:admin-like": "true"})
pci_account = R(
    "aws:organizations/account:Account",
    "pci",
    {
        "email": "aws-pci@example.com",
        "parentId": "ou-ab12-cdefgh34",
        "tags": {"org-iam:pci-scope": "true"},
        "closeOnDeletion": False,
    },
    protect=True,
)
dev_account = pci_account.but(
    email="aws-dev@example.com", tags={"org-iam:environment": "nonproduction"}
)
dev_account.name = "dev"


def assignment(name, permission_set, account, principal_type="GROUP"):
    return R(
        "aws:ssoadmin/accountAssignment:AccountAssignment",
        name,
        {"principalType": principal_type, "principalId": "g-1", "targetType": "AWS_ACCOUNT"},
        deps={"permissionSetArn": [permission_set], "targetId": [account]},
    )


# --- Organizations ----------------------------------------------------------------------------
BASELINE_SCP = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {"Sid": "DenyRootUser", "Effect": "Deny", "Action": "*", "Resource": "*",
             "Condition": {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:root"}, "Null": {"aws:AssumedRoot": "true"}}},
            {"Sid": "DenyLeaveOrganization", "Effect": "Deny", "Action": "organizations:LeaveOrganization", "Resource": "*"},
            {"Sid": "ProtectCloudTrail", "Effect": "Deny", "Action": ["cloudtrail:StopLogging", "cloudtrail:DeleteTrail"], "Resource": "*"},
        ],
    },
    separators=(",", ":"),
)  # fmt: skip
organization = R("aws:organizations/organization:Organization", "org", {"featureSet": "ALL"})
ou = R(
    "aws:organizations/organizationalUnit:OrganizationalUnit",
    "Production",
    {"name": "Production"},
    deps={"parentId": ["org"]},
)
member = R(
    "aws:organizations/account:Account",
    "prod-app",
    {
        "email": "aws-prod@example.com",
        "parentId": "ou-ab12-cdefgh34",
        "closeOnDeletion": False,
        "tags": {},
    },
    protect=True,
    deps={"parentId": ["Production"]},
)
baseline = R(
    "aws:organizations/policy:Policy",
    "baseline",
    {"type": "SERVICE_CONTROL_POLICY", "content": BASELINE_SCP},
)
baseline_on_ou = R(
    "aws:organizations/policyAttachment:PolicyAttachment",
    "baseline@Production",
    {"policyId": "p-1", "targetId": "ou-1"},
    deps={"policyId": ["baseline"], "targetId": ["Production"]},
)


def scp(name, *statements):
    return R(
        "aws:organizations/policy:Policy",
        name,
        {
            "type": "SERVICE_CONTROL_POLICY",
            "content": json.dumps({"Version": "2012-10-17", "Statement": list(statements)}),
        },
    )


def attachments_to(target, count):
    policies = [
        scp(
            f"p{i}",
            {"Sid": f"S{i}", "Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*"},
        )
        for i in range(count)
    ]
    links = [
        R(
            "aws:organizations/policyAttachment:PolicyAttachment",
            f"p{i}@{target}",
            {},
            deps={"policyId": [f"p{i}"], "targetId": [target]},
        )
        for i in range(count)
    ]
    return [*policies, *links]


SEED_MFA = {
    "Sid": "RequireMFAForSensitiveActions", "Effect": "Deny", "Action": ["ec2:DeleteVpc"], "Resource": "*",
    "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}},
}  # fmt: skip
OUR_MFA = {
    **SEED_MFA,
    "Condition": {**SEED_MFA["Condition"], "StringEquals": {"aws:PrincipalType": "User"}},
}
SEED_REGION = {
    "Sid": "DenyNonCompliantRegions", "Effect": "Deny", "Action": "*", "Resource": "*",
    "Condition": {"StringNotEquals": {"aws:RequestedRegion": ["us-east-1", "us-west-2"]}},
}  # fmt: skip
OUR_REGION = {
    "Sid": "DenyOutsideAllowedRegions", "Effect": "Deny", "NotAction": ["iam:*", "sts:*", "organizations:*", "route53:*"],
    "Resource": "*", "Condition": SEED_REGION["Condition"],
}  # fmt: skip

# --- Audit trail ------------------------------------------------------------------------------
trail = R(
    "aws:cloudtrail/trail:Trail",
    "org-trail",
    {
        "isMultiRegionTrail": True,
        "includeGlobalServiceEvents": True,
        "enableLogFileValidation": True,
        "kmsKeyId": "arn:aws:kms:us-east-1:1:key/k",
        "cloudWatchLogsGroupArn": "arn:aws:logs:us-east-1:1:log-group:trail:*",
        "s3BucketName": "archive",
    },
    deps={"s3BucketName": ["archive"]},
)
archive = R("aws:s3/bucket:Bucket", "archive", {"bucket": "archive", "objectLockEnabled": True})
archive_lock = R(
    "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration",
    "archive-lock",
    {"rule": {"defaultRetention": {"mode": "COMPLIANCE", "days": 365}}},
    deps={"bucket": ["archive"]},
)
archive_versioning = R(
    "aws:s3/bucketVersioning:BucketVersioning",
    "archive-versioning",
    {"versioningConfiguration": {"status": "Enabled"}},
    deps={"bucket": ["archive"]},
)
archive_block = R(
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    "archive-block",
    {
        k: True
        for k in (
            "blockPublicAcls",
            "blockPublicPolicy",
            "ignorePublicAcls",
            "restrictPublicBuckets",
        )
    },
    deps={"bucket": ["archive"]},
)
archive_policy = R(
    "aws:s3/bucketPolicy:BucketPolicy",
    "archive-policy",
    {
        "policy": doc(
            {
                "Effect": "Deny",
                "Principal": "*",
                "Action": "s3:*",
                "Resource": "*",
                "Condition": {"Bool": {"aws:SecureTransport": "false"}},
            }
        )
    },
    deps={"bucket": ["archive"]},
)
ARCHIVE = [trail, archive, archive_lock, archive_versioning, archive_block, archive_policy]
log_group = R(
    "aws:cloudwatch/logGroup:LogGroup",
    "trail-logs",
    {"retentionInDays": 365, "kmsKeyId": "arn:aws:kms:k"},
)
topic = R("aws:sns/topic:Topic", "security-critical", {"kmsMasterKeyId": "arn:aws:kms:k"})


def alarmed(name, pattern, actions=("arn:aws:sns:us-east-1:1:security-critical",)):
    return [
        R(
            "aws:cloudwatch/logMetricFilter:LogMetricFilter",
            name,
            {
                "pattern": pattern,
                "metricTransformation": {"name": name, "namespace": "org-iam/Security"},
            },
        ),
        R(
            "aws:cloudwatch/metricAlarm:MetricAlarm",
            f"{name}-alarm",
            {"metricName": name, "namespace": "org-iam/Security", "alarmActions": list(actions)},
        ),
    ]


def cis_filters():
    from orgiam_policies.audit_trail import CIS_SIGNATURES

    return [
        r
        for control, tokens in CIS_SIGNATURES.items()
        for r in alarmed(f"cis-{control}", " && ".join(tokens))
    ]


bg_user = R(
    "aws:iam/user:User",
    "breakglass-1",
    {"name": "breakglass-1", "path": "/break-glass/", "tags": {"org-iam:break-glass": "true"}},
)
analyzer = R("aws:accessanalyzer/analyzer:Analyzer", "org-analyzer", {"type": "ORGANIZATION"})

# --- Content of IAM policies ------------------------------------------------------------------
DBA_GRANT = {"Sid": "ManageDatabases", "Effect": "Allow", "Action": ["rds:*"], "Resource": "*"}
DENY_SNAPSHOT_SHARING = {
    "Sid": "DenySnapshotSharing", "Effect": "Deny", "Resource": "*",
    "Action": ["rds:ModifyDBSnapshotAttribute", "rds:ModifyDBClusterSnapshotAttribute"],
}  # fmt: skip
dba_policy = R(
    "aws:iam/policy:Policy", "dba", {"name": "dba", "policy": doc(DBA_GRANT, DENY_SNAPSHOT_SHARING)}
)
pass_any_role = app_policy.but(
    policy=doc({"Effect": "Allow", "Action": ["IAM:PassRole"], "Resource": "*"})
)

# --- Service control policies: exemptions and conditions ---------------------------------------
DEPLOYER = "arn:aws:iam::*:role/org-iam-deployer"
quarantine = scp(
    "quarantine",
    {"Sid": "DenyAll", "Effect": "Deny", "Action": "*", "Resource": "*",
     "Condition": {"ArnNotLike": {"aws:PrincipalArn": [DEPLOYER]}}},
)  # fmt: skip


def protecting(*roles):
    return scp(
        "protect",
        {"Sid": "ProtectAccessRoles", "Effect": "Deny", "Action": ["iam:CreateRole", "iam:UpdateAssumeRolePolicy"],
         "Resource": list(roles), "Condition": {"ArnNotLike": {"aws:PrincipalArn": [DEPLOYER]}}},
    )  # fmt: skip


protect_access_roles = protecting(DEPLOYER)
SEED_ROOT = {
    "Sid": "DenyRootAccountUsage", "Effect": "Deny", "Action": "*", "Resource": "*",
    "Condition": {"StringEquals": {"aws:PrincipalType": "Root"}},
}  # fmt: skip

# --- Resource-based policies ------------------------------------------------------------------
ADMINISTERED = {"Sid": "Administer", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111111111111:root"},
                "Action": "kms:*", "Resource": "*"}  # fmt: skip
ORG_READS = {"Sid": "OrgReads", "Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*",
             "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-exampleorg01"}}}  # fmt: skip
key = R(
    "aws:kms/key:Key",
    "logs-key",
    {"enableKeyRotation": True, "policy": doc(ADMINISTERED, ORG_READS)},
)
TOPIC_PUBLISH = {
    "Sid": "AlarmsPublish", "Effect": "Allow", "Principal": {"Service": "cloudwatch.amazonaws.com"},
    "Action": "sns:Publish", "Resource": "*", "Condition": {"StringEquals": {"aws:SourceAccount": "111111111111"}},
}  # fmt: skip
topic_policy = R(
    "aws:sns/topicPolicy:TopicPolicy", "security-critical-policy", {"policy": doc(TOPIC_PUBLISH)}
)
TRAIL_WRITES = {
    "Sid": "CloudTrailWrites", "Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"},
    "Action": "s3:PutObject", "Resource": "arn:aws:s3:::archive/AWSLogs/*",
    "Condition": {"StringEquals": {"aws:SourceArn": "arn:aws:cloudtrail:us-east-1:111111111111:trail/org"}},
}  # fmt: skip
trail_bucket_policy = R(
    "aws:s3/bucketPolicy:BucketPolicy", "archive-policy", {"policy": doc(TRAIL_WRITES)}
)

# --- Detection services -----------------------------------------------------------------------
east, west = aws_provider("security-east", "us-east-1"), aws_provider("security-west", "us-west-2")
analyzer_east = R(
    "aws:accessanalyzer/analyzer:Analyzer", "org-analyzer", {"type": "ORGANIZATION"}, provider="security-east"
)  # fmt: skip
analyzer_west = R(
    "aws:accessanalyzer/analyzer:Analyzer", "org-analyzer-west", {"type": "ORGANIZATION"}, provider="security-west"
)  # fmt: skip
recorder_west = R(
    "aws:cfg/recorder:Recorder", "config-west", {"name": "org-iam"}, provider="security-west"
)
ANALYZERS = [organization, east, west, analyzer_east, analyzer_west, recorder_west]
guardduty = R("aws:guardduty/detector:Detector", "guardduty", {"enable": True})
securityhub = R(
    "aws:securityhub/organizationAdminAccount:OrganizationAdminAccount",
    "securityhub",
    {"adminAccountId": "111111111111"},
)
config_delegation = R(
    "aws:organizations/delegatedAdministrator:DelegatedAdministrator",
    "config.amazonaws.com",
    {"accountId": "111111111111", "servicePrincipal": "config.amazonaws.com"},
)
SECURITY_SERVICES = [organization, guardduty, securityhub, config_delegation]


def without(stack, *dropped):
    return [r for r in stack if r not in dropped]


def replacing(stack, old, new):
    return [new if r is old else r for r in stack]


# policy -> (compliant resources, noncompliant resources, message fragment)
CASES = {
    "iam-no-admin-wildcard": (
        [app_policy, boundary],
        [app_policy.but(policy=doc(ALLOW_ALL))],
        "must not allow every action",
    ),
    "iam-admin-policy-exempt-roles-only": (
        [break_glass_role, admin_to_break_glass],
        [app_role, admin_to_break_glass.but(deps={"role": ["app-role"]}, role="app-role")],
        "neither break-glass nor a protected deployer",
    ),
    "iam-no-iam-users": ([bg_user], [bg_user.but(path="/", tags={})], "must not exist"),
    "iam-no-access-keys": (
        [bg_user],
        [R("aws:iam/accessKey:AccessKey", "key", {"user": "breakglass-1"})],
        "must not be created",
    ),
    "iam-no-inline-user-policies": (
        [bg_user],
        [R("aws:iam/userPolicy:UserPolicy", "inline", {"policy": doc(READ)})],
        "must not be attached to a user",
    ),
    "iam-trust-no-wildcard-principal": (
        [
            app_role,
            app_role.but(
                assumeRolePolicy=doc(
                    {
                        "Effect": "Allow",
                        "Principal": {"AWS": "*"},
                        "Action": "sts:AssumeRole",
                        "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-1"}},
                    }
                )
            ),
        ],
        [
            app_role.but(
                assumeRolePolicy=doc(
                    {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}
                )
            )
        ],
        "trusts any principal",
    ),
    "iam-break-glass-trust": (
        [break_glass_role, app_role],
        [break_glass_role.but(assumeRolePolicy=SEED_BREAK_GLASS_TRUST)],
        "services never carry MFA",
    ),
    "iam-role-requires-boundary": (
        [app_role, break_glass_role],
        [app_role.but(permissionsBoundary=None)],
        "must carry the permissions boundary",
    ),
    "iam-boundary-blocks-escalation": (
        [boundary],
        [seed_boundary],
        "must deny iam:CreatePolicyVersion",
    ),
    "iam-password-policy-strength": (
        [password_policy],
        [password_policy.but(minimumPasswordLength=8)],
        "at least 14 characters",
    ),
    "sso-session-duration-cap": (
        [readonly_set, tagged_admin_set],
        [readonly_set.but(sessionDuration="PT12H")],
        "at most 8 h",
    ),
    "sso-admin-session-duration-cap": (
        [admin_set, admin_set_policy, readonly_set],
        [admin_set.but(sessionDuration="PT4H"), admin_set_policy, readonly_set],
        "at most 1 h",
    ),
    "sso-privileged-set-requires-boundary": (
        [admin_set, admin_set_policy, admin_set_boundary],
        [admin_set, admin_set_policy],
        "must have a permissions boundary",
    ),
    "sso-assign-groups-only": (
        [assignment("a", "ReadOnly", "dev"), readonly_set, dev_account],
        [assignment("a", "ReadOnly", "dev", principal_type="USER"), readonly_set, dev_account],
        "must grant to a group",
    ),
    "sso-no-admin-in-pci-accounts": (
        [
            admin_set,
            admin_set_policy,
            pci_account,
            dev_account,
            assignment("Admin:g@dev", "Admin", "dev"),
            readonly_set,
            assignment("ReadOnly:g@pci", "ReadOnly", "pci"),
        ],
        [admin_set, admin_set_policy, pci_account, assignment("Admin:g@pci", "Admin", "pci")],
        "in a PCI-scoped account",
    ),
    "scp-size-limit": (
        [baseline],
        [baseline.but(content=json.dumps(json.loads(BASELINE_SCP), indent=120))],
        "over by",
    ),
    "scp-valid-document": (
        [baseline],
        [scp("bad", {"Effect": "Deny", "Action": "*", "Resource": "*", "Principal": "*"})],
        "which SCPs do not allow",
    ),
    "scp-mfa-spares-sso": (
        [scp("ours", OUR_MFA)],
        [scp("seed", SEED_MFA)],
        "would deny every SSO user",
    ),
    "scp-region-deny-spares-global-services": (
        [scp("ours", OUR_REGION)],
        [scp("seed", SEED_REGION)],
        "without exempting global services",
    ),
    "scp-attachment-quota": (
        [ou, *attachments_to("Production", 9)],
        [ou, *attachments_to("Production", 10)],
        "at most 9 fit",
    ),
    "scp-baseline-everywhere": (
        [organization, ou, member, baseline, baseline_on_ou],
        [organization, ou, member, baseline],
        "no deny of the root user",
    ),
    "org-account-protected": ([member], [member.but(protect=False)], "must be protected"),
    "org-account-in-ou": ([member], [member.but(parentId="r-ab12")], "must be placed in an OU"),
    "org-account-email-domain": (
        [member],
        [member.but(email="someone@gmail.com")],
        "must be on the company domain",
    ),
    "cloudtrail-org-trail-hardened": (
        [trail],
        [trail.but(enableLogFileValidation=False)],
        "must validate log files",
    ),
    "log-archive-object-lock": (
        ARCHIVE,
        [
            a
            if a is not archive_lock
            else archive_lock.but(rule={"defaultRetention": {"mode": "GOVERNANCE", "days": 365}})
            for a in ARCHIVE
        ],
        "COMPLIANCE-mode retention",
    ),
    "log-group-retention": ([log_group], [log_group.but(retentionInDays=30)], "keep at least 90"),
    "kms-key-rotation": (
        [R("aws:kms/key:Key", "k", {"enableKeyRotation": True})],
        [R("aws:kms/key:Key", "k", {"enableKeyRotation": False})],
        "must rotate",
    ),
    "alarm-has-actions": (
        alarmed("x", "{ $.a = 1 }"),
        alarmed("x", "{ $.a = 1 }", actions=()),
        "must notify someone",
    ),
    "sns-topic-encrypted": ([topic], [topic.but(kmsMasterKeyId=None)], "must be encrypted"),
    "cis-alarms-complete": ([trail, *cis_filters()], [trail, *cis_filters()[2:]], "CIS 4.1"),
    "break-glass-alerting": (
        [
            break_glass_role,
            *alarmed("bg", '{ $.requestParameters.roleArn = "*:role/BreakGlassAdmin" }'),
        ],
        [break_glass_role, *alarmed("other", "{ $.eventName = ConsoleLogin }")],
        "is not watched",
    ),
    "access-analyzer-org-enabled": (
        ANALYZERS,
        [organization, analyzer.but(type="ACCOUNT")],
        "Access Analyzer of type ORGANIZATION",
    ),
    "iam-no-privilege-escalation": (
        [app_policy, dba_policy, boundary],
        [pass_any_role],
        "allows iam:PassRole on every resource",
    ),
    "iam-no-snapshot-sharing": (
        [app_policy, dba_policy],
        [dba_policy.but(policy=doc(DBA_GRANT))],
        "rds:ModifyDBSnapshotAttribute, rds:ModifyDBClusterSnapshotAttribute on every resource",
    ),
    "scp-exemptions-protected": (
        [quarantine, protect_access_roles],
        [quarantine, protecting("arn:aws:iam::*:role/BreakGlassAdmin")],
        "exempts arn:aws:iam::*:role/org-iam-deployer by name, but no SCP",
    ),
    "scp-conditions-can-match": (
        [baseline, scp("ours", OUR_MFA)],
        [scp("seed", SEED_ROOT)],
        "compares aws:PrincipalType with 'Root', which AWS never reports",
    ),
    "cloudtrail-records-management-events": (
        [
            trail,
            trail.but(eventSelectors=[{"readWriteType": "All", "includeManagementEvents": True}]),
            trail.but(
                advancedEventSelectors=[
                    {"fieldSelectors": [{"field": "eventCategory", "equals": ["Management"]}]}
                ]
            ),
        ],
        [
            trail.but(
                eventSelectors=[{"readWriteType": "WriteOnly", "includeManagementEvents": True}]
            )
        ],
        "records only read-only or only write events",
    ),
    "kms-key-policy-not-public": (
        [key],
        [key.but(policy=doc(ADMINISTERED, {**ORG_READS, "Condition": {}}))],
        "lets any principal ('*') in through OrgReads",
    ),
    "sns-topic-policy-not-public": (
        [topic, topic_policy],
        [topic_policy.but(policy=doc({**TOPIC_PUBLISH, "Principal": "*", "Condition": {}}))],
        "lets any principal ('*') in through AlarmsPublish",
    ),
    "s3-bucket-policy-not-public": (
        [trail_bucket_policy, archive_policy],
        [
            trail_bucket_policy.but(
                policy=doc({**TRAIL_WRITES, "Principal": {"AWS": "*"}, "Condition": {}})
            )
        ],
        "lets any principal ('*') in through CloudTrailWrites",
    ),
    "service-grants-name-their-source": (
        [key, topic_policy, trail_bucket_policy],
        [trail_bucket_policy.but(policy=doc({**TRAIL_WRITES, "Condition": {}}))],
        "CloudTrailWrites (cloudtrail.amazonaws.com)",
    ),
    "security-services-enabled": (
        SECURITY_SERVICES,
        without(SECURITY_SERVICES, guardduty),
        "must run GuardDuty",
    ),
}
CONFIG = {"org-account-email-domain": {"emailDomain": "example.com"}}


def _trail_lacking(**change):
    return [trail.but(**change)]


def _archive(old, new):
    return replacing(ARCHIVE, old, new)


def _scp_content(content):
    return [baseline.but(content=content)]


def _one_statement(**statement):
    return _scp_content(json.dumps({"Version": "2012-10-17", "Statement": [statement]}))


_DENY = {"Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*"}
_MFA = {"Bool": {"aws:MultiFactorAuthPresent": "true"}}
_ADVANCED_MANAGEMENT = {"field": "eventCategory", "equals": ["Management"]}


def _baseline_without(sid):
    kept = [s for s in json.loads(BASELINE_SCP)["Statement"] if s["Sid"] != sid]
    content = json.dumps({"Version": "2012-10-17", "Statement": kept})
    return [organization, ou, member, baseline.but(content=content), baseline_on_ou]


def _cis_rules():
    from orgiam_policies.audit_trail import CIS_SIGNATURES

    # "cis-4.1" must not match the resources of "cis-4.10"..."cis-4.15": names end in "-alarm"
    # or nothing, so the prefix is followed by "-" or the end.
    return {
        f"cis-{control}": (
            [
                trail,
                *[
                    r
                    for r in cis_filters()
                    if r.name not in (f"cis-{control}", f"cis-{control}-alarm")
                ],
            ],
            f"CIS {control}.",
        )
        for control in CIS_SIGNATURES
    }


# policy -> rule -> (noncompliant resources, message fragment), for every policy of several
# rules; each stack is one mutation away from the policy's compliant stack in CASES.
RULE_CASES = {
    "iam-break-glass-trust": {
        "service-trust-without-mfa-conditions": (
            [break_glass_role.but(assumeRolePolicy=SEED_BREAK_GLASS_TRUST)],
            "services never carry MFA",
        ),
        "named-principals-only": (
            [
                break_glass_role.but(
                    assumeRolePolicy=doc(
                        {
                            "Effect": "Allow",
                            "Principal": {"AWS": "*"},
                            "Action": "sts:AssumeRole",
                            "Condition": {
                                **_MFA,
                                "NumericLessThanEquals": {"aws:MultiFactorAuthAge": "3600"},
                            },
                        }
                    )
                )
            ],
            "must trust only named IAM principals",
        ),
        "recent-mfa": (
            [
                break_glass_role.but(
                    assumeRolePolicy=doc(
                        {
                            "Effect": "Allow",
                            "Action": "sts:AssumeRole",
                            "Condition": _MFA,
                            "Principal": {
                                "AWS": ["arn:aws:iam::111111111111:user/break-glass/breakglass-1"]
                            },
                        }
                    )
                )
            ],
            "aws:MultiFactorAuthAge at most 3600 seconds",
        ),
    },
    "iam-password-policy-strength": {
        "length": ([password_policy.but(minimumPasswordLength=8)], "at least 14 characters"),
        "reuse": ([password_policy.but(passwordReusePrevention=1)], "prevent reuse of the last 4"),
        "numbers": ([password_policy.but(requireNumbers=False)], "must require numbers"),
        "letters": (
            [password_policy.but(requireLowercaseCharacters=None)],
            "must require letters",
        ),
    },
    "scp-valid-document": {
        "json": (_scp_content("{not json"), "is not valid JSON"),
        "version": (
            _scp_content(json.dumps({"Version": "2008-10-17", "Statement": [_DENY]})),
            "with Version 2012-10-17",
        ),
        "statements": (
            _scp_content(json.dumps({"Version": "2012-10-17", "Statement": []})),
            "must have at least one statement",
        ),
        "statement-object": (
            _scp_content(json.dumps({"Version": "2012-10-17", "Statement": ["Deny"]})),
            "is not an object",
        ),
        "scp-elements": (_one_statement(**_DENY, Principal="*"), "which SCPs do not allow"),
        "effect": (_one_statement(**{**_DENY, "Effect": "Block"}), "needs Effect Allow or Deny"),
        "action-or-not-action": (
            _one_statement(Effect="Deny", Resource="*"),
            "needs exactly one of Action or NotAction",
        ),
        "resource-and-not-resource": (
            _one_statement(**_DENY, NotResource="arn:aws:s3:::keep"),
            "has both Resource and NotResource",
        ),
    },
    "scp-baseline-everywhere": {
        "root-deny": (_baseline_without("DenyRootUser"), "no deny of the root user"),
        "leave-organization-deny": (
            _baseline_without("DenyLeaveOrganization"),
            "no deny of leaving the organization",
        ),
        "cloudtrail-protection": (
            _baseline_without("ProtectCloudTrail"),
            "no CloudTrail protection",
        ),
    },
    "org-account-protected": {
        "protect": ([member.but(protect=False)], "must be protected"),
        "no-close-on-deletion": ([member.but(closeOnDeletion=True)], "must not close on deletion"),
    },
    "cloudtrail-org-trail-hardened": {
        "multi-region": (_trail_lacking(isMultiRegionTrail=False), "must record every Region"),
        "global-service-events": (
            _trail_lacking(includeGlobalServiceEvents=False),
            "must include global service events",
        ),
        "log-file-validation": (
            _trail_lacking(enableLogFileValidation=False),
            "must validate log files",
        ),
        "kms": (_trail_lacking(kmsKeyId=None), "must encrypt its logs with KMS"),
        "cloudwatch-logs": (
            _trail_lacking(cloudWatchLogsGroupArn=None),
            "must deliver to CloudWatch Logs",
        ),
        "logging": (_trail_lacking(enableLogging=False), "must be logging"),
    },
    "cloudtrail-records-management-events": {
        "management-events-included": (
            _trail_lacking(
                eventSelectors=[{"readWriteType": "All", "includeManagementEvents": False}]
            ),
            "excludes management events",
        ),
        "read-and-write": (
            _trail_lacking(eventSelectors=[{"readWriteType": "WriteOnly"}]),
            "records only read-only or only write events",
        ),
        "no-excluded-sources": (
            _trail_lacking(
                eventSelectors=[
                    {"readWriteType": "All", "excludeManagementEventSources": ["kms.amazonaws.com"]}
                ]
            ),
            "excludes management event sources",
        ),
        "advanced-management-selector": (
            _trail_lacking(
                advancedEventSelectors=[
                    {"fieldSelectors": [{"field": "eventCategory", "equals": ["Data"]}]}
                ]
            ),
            "no advanced selector records management events",
        ),
        "advanced-read-and-write": (
            _trail_lacking(
                advancedEventSelectors=[
                    {
                        "fieldSelectors": [
                            _ADVANCED_MANAGEMENT,
                            {"field": "readOnly", "equals": ["false"]},
                        ]
                    }
                ]
            ),
            "keeps only read-only or only write events",
        ),
        "advanced-no-excluded-sources": (
            _trail_lacking(
                advancedEventSelectors=[
                    {
                        "fieldSelectors": [
                            _ADVANCED_MANAGEMENT,
                            {"field": "eventSource", "notEquals": ["kms.amazonaws.com"]},
                        ]
                    }
                ]
            ),
            "leaves out event sources",
        ),
    },
    "log-archive-object-lock": {
        "bucket-in-stack": (without(ARCHIVE, archive), "writes to a bucket outside this stack"),
        "object-lock-enabled": (
            _archive(archive, archive.but(objectLockEnabled=False)),
            "Object Lock enabled at creation",
        ),
        "compliance-mode": (
            _archive(
                archive_lock,
                archive_lock.but(rule={"defaultRetention": {"mode": "GOVERNANCE", "days": 365}}),
            ),
            "COMPLIANCE-mode retention of at least 365 days",
        ),
        "retention-days": (
            _archive(
                archive_lock,
                archive_lock.but(rule={"defaultRetention": {"mode": "COMPLIANCE", "days": 30}}),
            ),
            "COMPLIANCE-mode retention of at least 365 days",
        ),
        "versioning": (
            _archive(
                archive_versioning,
                archive_versioning.but(versioningConfiguration={"status": "Suspended"}),
            ),
            "needs versioning",
        ),
        "public-access-block": (
            _archive(archive_block, archive_block.but(restrictPublicBuckets=False)),
            "all four public access blocks",
        ),
        "tls-only": (
            _archive(archive_policy, archive_policy.but(policy=doc(TRAIL_WRITES))),
            "a bucket policy denying requests without TLS",
        ),
    },
    "log-group-retention": {
        "retention": ([log_group.but(retentionInDays=30)], "keep at least 90"),
        "kms": ([log_group.but(kmsKeyId=None)], "must be encrypted with a KMS key"),
    },
    "alarm-has-actions": {
        "has-actions": (alarmed("x", "{ $.a = 1 }", actions=()), "must notify someone"),
        "actions-enabled": (
            [r.but(actionsEnabled=False) for r in alarmed("x", "{ $.a = 1 }")],
            "must notify someone",
        ),
    },
    "cis-alarms-complete": _cis_rules(),
    "sso-session-duration-cap": {
        "session-cap": ([readonly_set.but(sessionDuration="PT12H")], "at most 8 h"),
        "administrator-session-cap": (
            [tagged_admin_set.but(sessionDuration="PT2H")],
            "administrator-level permission set 'Admin' must have sessions of at most 1 h",
        ),
    },
    "access-analyzer-org-enabled": {
        "organization-analyzer": (
            # one mutation from a one-Region organization, [organization, east, analyzer_east]
            [organization, east, analyzer_east.but(type="ACCOUNT")],
            "of type ORGANIZATION (run by the delegated administrator)",
        ),
        "every-region": (without(ANALYZERS, analyzer_west), "none in us-west-2"),
    },
    "security-services-enabled": {
        "guardduty": (without(SECURITY_SERVICES, guardduty), "must run GuardDuty"),
        "security-hub": (without(SECURITY_SERVICES, securityhub), "must run Security Hub"),
        "config": (without(SECURITY_SERVICES, config_delegation), "must run AWS Config"),
    },
}


def rule_cases():
    """(policy, rule, noncompliant resources, fragment) for every rule of every policy: a
    policy of one rule is its own rule, with its CASES entry."""
    for name, (_, noncompliant, fragment) in sorted(CASES.items()):
        if name in RULE_CASES:
            for rule, (stack, rule_fragment) in sorted(RULE_CASES[name].items()):
                yield name, rule, stack, rule_fragment
        else:
            yield name, name, noncompliant, fragment
