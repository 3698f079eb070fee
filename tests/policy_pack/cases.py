"""For every policy: a compliant stack, and a noncompliant one a single mutation away, with a
fragment of the message it must produce. The seed's own mistakes are among the noncompliant."""

from __future__ import annotations

import json

from tests.policy_pack.helpers import R, doc

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
    {"minimumPasswordLength": 14, "passwordReusePrevention": 24},
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
        [baseline.but(content=json.dumps(json.loads(BASELINE_SCP), indent=400))],
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
        [ou, *attachments_to("Production", 4)],
        [ou, *attachments_to("Production", 5)],
        "at most 4 fit",
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
        [organization, analyzer],
        [organization, analyzer.but(type="ACCOUNT")],
        "Access Analyzer of type ORGANIZATION",
    ),
}
CONFIG = {"org-account-email-domain": {"emailDomain": "example.com"}}
