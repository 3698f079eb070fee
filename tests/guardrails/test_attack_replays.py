"""The security review's attacks, replayed as requests through the IAM evaluator over the
generated documents of blueprints/prod.yaml, each next to the legitimate request that must
still succeed, so that no fix locks anyone out.

Context keys are the ones AWS sets on such requests (iam:PermissionsBoundary on role creation
with a boundary, aws:PrincipalOrgID, kms:ResourceAliases on key operations, ...)."""

from __future__ import annotations

import pytest

from iam_evaluator import PolicySet, Request, evaluate
from tests.guardrails.prod_principals import (
    access_role,
    boundary_in,
    break_glass,
    deployer,
    perimeter,
    permission_set,
    role,
    role_arn,
)

DEPLOYER = "org-iam-deployer"


def _denied_by(decision) -> str:
    assert not decision.allowed, decision.reason
    assert decision.denied_by is not None, f"only implicitly denied: {decision.reason}"
    return decision.denied_by.sid


def _bounded(key: str) -> dict:
    return {"iam:PermissionsBoundary": boundary_in(key)}


# 1 (critical): exempt role names that engineers could create --------------------------------


def test_developer_still_creates_bounded_roles_under_the_delegated_path():
    developer = permission_set("Developer", "dev")
    decision = developer.decide(
        "iam:CreateRole", role_arn("dev", "delegated/app"), **_bounded("dev")
    )
    assert decision.allowed, decision.reason
    attach = developer.decide(
        "iam:AttachRolePolicy", role_arn("dev", "delegated/app"), **_bounded("dev")
    )
    assert attach.allowed, attach.reason


def test_bounded_admin_role_cannot_create_a_deployer_named_role():
    # Step 3 of the review's path: the developer's bounded admin role creates the exempt name.
    delegated_admin = role("delegated/x", "dev", bounded=True)
    decision = delegated_admin.decide(
        "iam:CreateRole", role_arn("dev", DEPLOYER), **_bounded("dev")
    )
    assert _denied_by(decision) == "ProtectAccessRoles"
    assert {d.sid for d in decision.denials} >= {"DenyRolesOutsideDelegatedPath"}


@pytest.mark.parametrize(
    "name",
    [
        DEPLOYER,
        "OrganizationAccountAccessRole",
        "BreakGlassAdmin",
        "stacksets-exec-0123456789abcdef",
        "aws-reserved/sso.amazonaws.com/us-east-1/AWSReservedSSO_Admin_0123456789abcdef",
    ],
)
def test_the_bounded_admin_set_cannot_create_any_exempt_name_in_one_step(name):
    admin = permission_set("Admin", "security-tooling")
    decision = admin.decide(
        "iam:CreateRole", role_arn("security-tooling", name), **_bounded("security-tooling")
    )
    assert _denied_by(decision) == "ProtectAccessRoles"


@pytest.mark.parametrize(
    "action",
    [
        "iam:UpdateAssumeRolePolicy",
        "iam:AttachRolePolicy",
        "iam:PutRolePolicy",
        "iam:DeleteRolePolicy",
        "iam:TagRole",
        "iam:DeleteRole",
        "iam:PassRole",
        "iam:AddRoleToInstanceProfile",
    ],
)
def test_no_one_but_deployers_retrusts_changes_or_passes_an_exempt_role(action):
    # Even a role without a boundary (an application's admin role made by a pipeline).
    app_admin = role("app-admin", "prod-app-1")
    assert _denied_by(app_admin.decide(action, role_arn("prod-app-1", DEPLOYER))) == (
        "ProtectAccessRoles"
    )
    assert access_role("prod-app-1").decide(action, role_arn("prod-app-1", DEPLOYER)).allowed


def test_deployers_still_manage_the_exempt_roles():
    for principal in (access_role("dev"), deployer("dev")):
        decision = principal.decide("iam:CreateRole", role_arn("dev", DEPLOYER))
        assert decision.allowed, decision.reason


def test_exempt_role_exemptions_hold_only_for_the_exact_name():
    # A bounded role cannot get an exempt-looking ARN at another path either.
    lookalike = role(f"delegated/{DEPLOYER}", "dev", bounded=True)
    decision = lookalike.decide("config:StopConfigurationRecorder")
    assert _denied_by(decision) == "ProtectSecurityServices"


# 2 (high): delegated roles outlive offboarding ---------------------------------------------


@pytest.mark.parametrize(
    "action",
    [
        "iam:AttachUserPolicy",
        "iam:PutUserPolicy",
        "iam:UpdateAccessKey",
        "iam:UploadSSHPublicKey",
        "iam:UploadSigningCertificate",
        "iam:AddUserToGroup",
        "iam:PutGroupPolicy",
        "iam:AddClientIDToOpenIDConnectProvider",
        "rolesanywhere:CreateTrustAnchor",
    ],
)
def test_bounded_sessions_cannot_prepare_access_that_outlives_offboarding(action):
    admin = permission_set("Admin", "network")
    decision = admin.decide(action, "arn:aws:iam::100000000004:user/legacy-deploy")
    assert not decision.allowed
    assert decision.denied_by.layer in ("boundary", "scp")


def test_the_perimeter_denies_a_foreign_account_assuming_an_organization_role():
    name, document = perimeter()
    target = role_arn("dev", "delegated/app")
    foreign = Request(
        "arn:aws:iam::999999999999:role/attacker",
        "sts:AssumeRole",
        target,
        {"aws:PrincipalOrgID": "o-someoneelse0", "aws:PrincipalIsAWSService": "false"},
    )
    # The RCP is evaluated as a resource-side Deny; the role's trust would otherwise allow.
    trust = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": "*"},
                "Action": "sts:AssumeRole",
                "Resource": "*",
            }
        ],
    }
    policies = PolicySet(resource_policy=(name, _merged(document, trust)))
    assert _denied_by(evaluate(foreign, policies)) == "AssumeRoleOnlyFromTheOrganization"


@pytest.mark.parametrize(
    "principal, context",
    [
        (
            "arn:aws:iam::100000000001:role/org-iam-deployer",
            {"aws:PrincipalOrgID": "o-exampleorg01"},
        ),
        (
            "arn:aws:iam::100000000001:user/break-glass/breakglass-1",
            {"aws:PrincipalOrgID": "o-exampleorg01"},
        ),
        ("", {"aws:PrincipalIsAWSService": "true"}),
    ],
)
def test_the_perimeter_lets_the_organization_and_aws_services_assume_roles(principal, context):
    name, document = perimeter()
    request = Request(principal, "sts:AssumeRole", role_arn("dev", "BreakGlassAdmin"), context)
    decision = evaluate(request, PolicySet(resource_policy=(name, document)))
    assert decision.denied_by is None, decision.reason


def _allow(action: str) -> dict:
    return {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": action, "Resource": "*"}],
    }


def _merged(*documents: dict) -> dict:
    return {
        "Version": "2012-10-17",
        "Statement": [s for d in documents for s in d["Statement"]],
    }


# 3 (high): bounded sessions acting as the CDE's existing, stronger roles ------------------


@pytest.mark.parametrize(
    "action",
    [
        "lambda:UpdateFunctionCode",
        "lambda:UpdateFunctionConfiguration",
        "cloudformation:UpdateStack",
        "ssm:SendCommand",
        "ssm:StartSession",
        "ec2:ModifyInstanceAttribute",
        "ecs:ExecuteCommand",
        "codebuild:StartBuild",
    ],
)
def test_ops_cannot_act_as_payment_workload_roles_in_the_cde(action):
    ops = permission_set("Ops", "pci-payments")
    assert _denied_by(ops.decide(action)) == "DenyActingAsWorkloadRoles"
    # Outside the CDE, operations keep their tools.
    assert permission_set("Ops", "prod-app-1").decide(action).denied_by is None
    # Deployers and break-glass still reach the CDE.
    assert deployer("pci-payments").decide(action).allowed
    assert break_glass("pci-payments").decide(action).allowed


# 4 (high): pci-guard covered five actions -------------------------------------------------


@pytest.mark.parametrize(
    "action",
    [
        "ec2:CreateVpnGateway",
        "ec2:CreateCustomerGateway",
        "ec2:CreateClientVpnEndpoint",
        "ec2:CreateVerifiedAccessEndpoint",
        "ec2:CreateVpcEndpoint",
        "ec2:CreateTransitGatewayVpcAttachment",
        "ec2:AssociateAddress",
    ],
)
def test_no_new_network_path_into_the_cde(action):
    admin_like = role("app-admin", "pci-payments")
    assert _denied_by(admin_like.decide(action)) == "DenyCdeNetworkPaths"
    assert deployer("pci-payments").decide(action).allowed


def test_no_internet_facing_load_balancer_in_the_cde_but_internal_ones_are_fine():
    admin_like = role("app-admin", "pci-tokenization")
    public = admin_like.decide(
        "elasticloadbalancing:CreateLoadBalancer",
        **{"elasticloadbalancing:Scheme": "internet-facing"},
    )
    assert _denied_by(public) == "DenyCdeInternetFacingLoadBalancers"
    internal = admin_like.decide(
        "elasticloadbalancing:CreateLoadBalancer", **{"elasticloadbalancing:Scheme": "internal"}
    )
    assert internal.allowed, internal.reason


@pytest.mark.parametrize(
    "action",
    [
        "ec2:ModifySnapshotAttribute",
        "ec2:ModifyImageAttribute",
        "rds:ModifyDBSnapshotAttribute",
        "rds:ModifyDBClusterSnapshotAttribute",
        "ram:CreateResourceShare",
    ],
)
def test_no_cde_data_shared_with_other_accounts(action):
    assert _denied_by(role("app-admin", "pci-payments").decide(action)) == "DenyCdeDataSharing"
    assert deployer("pci-payments").decide(action).allowed


# 5 (high): the log archive's keys and every log bucket -------------------------------------

ARCHIVE_KEY = "arn:aws:kms:us-east-1:100000000002:key/1234abcd-12ab-34cd-56ef-1234567890ab"
ALIASES = {"kms:ResourceAliases": ["alias/org-iam-log-archive"]}


@pytest.mark.parametrize("action", ["kms:DisableKey", "kms:ScheduleKeyDeletion"])
@pytest.mark.parametrize("who", [access_role, break_glass, deployer])
def test_nobody_in_the_log_archive_account_disables_or_deletes_the_archive_key(action, who):
    decision = who("log-archive").decide(action, ARCHIVE_KEY, **ALIASES)
    assert _denied_by(decision) == "NeverDisableLogKeys"


def test_only_deployers_rewrite_the_archive_key_policy():
    assert (
        _denied_by(break_glass("log-archive").decide("kms:PutKeyPolicy", ARCHIVE_KEY, **ALIASES))
        == "ProtectLogKeys"
    )
    assert access_role("log-archive").decide("kms:PutKeyPolicy", ARCHIVE_KEY, **ALIASES).allowed
    # A key that is not org-iam's stays the account's own business.
    assert break_glass("log-archive").decide("kms:DisableKey", ARCHIVE_KEY).allowed


def test_the_archive_alias_cannot_be_moved_off_its_key():
    alias = "arn:aws:kms:us-east-1:100000000002:alias/org-iam-log-archive"
    decision = break_glass("log-archive").decide("kms:DeleteAlias", alias)
    assert _denied_by(decision) == "ProtectLogKeyAliases"
    assert access_role("log-archive").decide("kms:DeleteAlias", alias).allowed


@pytest.mark.parametrize(
    "bucket",
    [
        "example-corp-log-archive-100000000002-us-east-1",
        "example-corp-config-history-100000000002-us-east-1",
        "example-corp-access-logs-100000000002-us-east-1",
    ],
)
@pytest.mark.parametrize("action", ["s3:PutBucketLogging", "s3:PutBucketPolicy", "s3:DeleteBucket"])
def test_every_log_bucket_and_its_logging_are_protected(bucket, action):
    arn = f"arn:aws:s3:::{bucket}"
    assert _denied_by(break_glass("log-archive").decide(action, arn)) == "ProtectLogArchive"
    assert access_role("log-archive").decide(action, arn).allowed


# 7 (medium): security services' configuration and findings ---------------------------------


@pytest.mark.parametrize(
    "action",
    [
        "securityhub:UpdateConfigurationPolicy",
        "securityhub:StartConfigurationPolicyAssociation",
        "securityhub:UpdateOrganizationConfiguration",
        "guardduty:UpdateOrganizationConfiguration",
        "guardduty:UpdateMemberDetectors",
    ],
)
def test_the_bounded_admin_cannot_reconfigure_the_organization_security_services(action):
    admin = permission_set("Admin", "security-tooling")
    assert _denied_by(admin.decide(action)) == "ProtectSecurityServices"
    assert deployer("security-tooling").decide(action).allowed


@pytest.mark.parametrize("action", ["config:PutConfigurationRecorder", "config:PutDeliveryChannel"])
def test_members_cannot_rewrite_their_config_recorder(action):
    assert _denied_by(permission_set("Admin", "network").decide(action)) == (
        "ProtectSecurityServices"
    )


@pytest.mark.parametrize(
    "action",
    [
        "securityhub:BatchUpdateFindings",
        "guardduty:CreateFilter",
        "access-analyzer:CreateArchiveRule",
    ],
)
def test_workload_accounts_cannot_suppress_their_own_findings(action):
    assert _denied_by(permission_set("Admin", "network").decide(action)) == (
        "ProtectSecurityFindings"
    )
    # The security account triages the organization's findings.
    assert permission_set("Admin", "security-tooling").decide(action).allowed


# 8 (medium): the Config StackSet in quarantined accounts -----------------------------------


def test_the_stackset_execution_role_still_manages_config_in_a_quarantined_account():
    stackset = role("stacksets-exec-0123456789abcdef", "staging")
    quarantined = role("stacksets-exec-0123456789abcdef", "staging")
    quarantined.policies = PolicySet(
        scp_levels=[*stackset.policies.scp_levels, ("account:quarantine", _quarantine())],
        identity=stackset.policies.identity,
    )
    for action in ("config:DeleteConfigurationRecorder", "config:PutConfigurationRecorder"):
        decision = quarantined.decide(action)
        assert decision.allowed, decision.reason
    someone = role("app-admin", "staging")
    someone.policies = PolicySet(
        scp_levels=[*someone.policies.scp_levels, ("account:quarantine", _quarantine())],
        identity=someone.policies.identity,
    )
    assert _denied_by(someone.decide("ec2:RunInstances")) == "DenyAll"


def _quarantine() -> dict:
    import json

    from guardrails.compose import EXPIRED_QUARANTINE, Target
    from tests.guardrails.prod_principals import FULL_AWS_ACCESS, _plan

    del EXPIRED_QUARANTINE, Target
    (policy,) = [p for p in _plan().policies.values() if p.sids == ("DenyAll",)]
    return {"FullAWSAccess": FULL_AWS_ACCESS, policy.name: json.loads(policy.content)}


# 10 (medium): DBA, ReadOnly and SecurityAudit in PCI and production scope ------------------


@pytest.mark.parametrize(
    "action",
    ["rds:ModifyDBSnapshotAttribute", "rds:DeleteDBClusterEndpoint", "rds:DeleteDBProxy"],
)
def test_dbas_neither_share_snapshots_nor_delete_anything(action):
    decision = permission_set("DBA", "prod-data").decide(action)
    assert _denied_by(decision) in ("DenySnapshotSharing", "DenyDatabaseDeletion")
    assert permission_set("DBA", "prod-data").decide("rds:CreateDBSnapshot").allowed


def test_dbas_change_cde_databases_only_through_the_pipeline():
    assert _denied_by(permission_set("DBA", "pci-payments").decide("rds:ModifyDBInstance")) == (
        "DenyPeopleChangingCdeDatabases"
    )
    assert permission_set("DBA", "prod-app-1").decide("rds:ModifyDBInstance").allowed
    assert deployer("pci-payments").decide("rds:ModifyDBInstance").allowed


@pytest.mark.parametrize(
    "permission_set_name, action",
    [
        ("ReadOnly", "logs:GetLogEvents"),
        ("ReadOnly", "lambda:ListFunctions"),
        ("SecurityAudit", "lambda:GetFunctionConfiguration"),
        ("SecurityAudit", "ecs:DescribeTaskDefinition"),
    ],
)
def test_people_read_no_embedded_secrets_in_the_cde(permission_set_name, action):
    in_cde = permission_set(permission_set_name, "pci-payments").decide(action)
    assert _denied_by(in_cde) == "DenyPeopleReadingCdeSecrets"
    # The payment workloads themselves still read their configuration.
    workload = role("payments-api", "pci-payments", managed=())
    workload.policies = PolicySet(
        scp_levels=workload.policies.scp_levels,
        identity={"own-configuration": _allow(action)},
    )
    assert workload.decide(action).allowed


# Lows -----------------------------------------------------------------------------------


@pytest.mark.parametrize("action", ["ec2:ModifyEbsDefaultKmsKeyId", "ec2:ResetEbsDefaultKmsKeyId"])
def test_the_default_ebs_key_cannot_be_swapped(action):
    assert _denied_by(permission_set("Admin", "network").decide(action)) == "ProtectSecureDefaults"
    assert deployer("network").decide(action).allowed
