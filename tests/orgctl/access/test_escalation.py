"""Escalation: the principals a session can become, and the shortest path to each."""

from __future__ import annotations

from orgctl.access.escalation import Escalation, _pass_to_compute
from tests.orgctl.access.conftest import analysed, find, organization
from tests.orgctl.access.test_assertions import REOPENED


def test_developer_becomes_a_delegated_admin_role_within_the_boundary(prod_org):
    principals = prod_org.principals()
    developer = next(p for p in principals if p.label == "permission-set Developer@dev")
    reached = Escalation(prod_org, principals).reachable(developer)
    first, path = reached[0]
    assert first.arn == "arn:aws:iam::100000000011:role/delegated/escalation-probe"
    assert first.policies.boundary[0] == "EngineerPermissionBoundary"
    assert path == (
        "create and assume role/delegated/escalation-probe (AdministratorAccess, "
        "boundary EngineerPermissionBoundary)",
    )


def test_read_only_reaches_nobody(prod_org):
    principals = prod_org.principals()
    read_only = next(p for p in principals if p.label == "permission-set ReadOnly@dev")
    assert Escalation(prod_org, principals).reachable(read_only) == []


def test_developer_cannot_stop_cloudtrail_even_through_escalation(prod_rows):
    row = find(prod_rows, "permission-set", "Developer", "dev", "stop-cloudtrail")
    assert not row.held and row.via == ()


def test_without_its_three_layers_a_developer_escalates_to_an_exempt_role(prod_variant):
    """The review's path, reopened: without ProtectAccessRoles, the boundary's delegated role
    path and the Developer set's own role scope, a developer creates a role of an exempt name
    (the access role's, first in order), which every guardrail exempts. The shortest path is
    reported step by step."""
    org = organization(prod_variant(*REOPENED))
    row = find(analysed(org), "permission-set", "Developer", "dev", "stop-cloudtrail")
    assert row.held
    assert row.via == (
        "create and assume role/OrganizationAccountAccessRole (AdministratorAccess, boundary "
        "EngineerPermissionBoundary)",
    )
    assert row.deciding.ask.action == "cloudtrail:StopLogging"


def test_the_exempt_name_scp_alone_closes_the_path_the_boundary_layers_do_not(prod_variant):
    """With the SCP protecting exempt names, the path stays closed even when both boundary-side
    layers are reopened. Without it, either boundary-side layer closes the direct path, yet a
    developer who runs code on existing compute acts as a workload role without the boundary,
    and that role creates the exempt name: the path is reported through it."""
    protected, *boundary_side = REOPENED
    org = organization(prod_variant(*boundary_side))
    assert not find(analysed(org), "permission-set", "Developer", "dev", "stop-cloudtrail").held
    for layer in boundary_side:
        org = organization(prod_variant(protected, *(r for r in boundary_side if r is not layer)))
        row = find(analysed(org), "permission-set", "Developer", "dev", "stop-cloudtrail")
        assert row.held, layer
        assert row.via == (
            "run a command with SSM on an existing EC2 instance that runs as the account's "
            "workload role",
            "create and assume role/OrganizationAccountAccessRole (AdministratorAccess, no "
            "boundary)",
        )


def test_passing_an_exempt_role_to_lambda_is_stopped_twice(prod_rows, prod_variant):
    """Admin in an Infrastructure account may create Lambda functions; passing the deployer's
    role to one would let its code stop CloudTrail. The boundary's PassRole deny and the SCP
    protecting exempt names each stop it; without both the path opens and is reported."""
    assert not find(prod_rows, "permission-set", "Admin", "network", "stop-cloudtrail").held
    unbounded = prod_variant(
        (
            "    managed_policies: [AdministratorAccess]\n    boundary: EngineerPermissionBoundary\n",
            "    managed_policies: [AdministratorAccess]\n",
        ),
        ("      - ProtectAccessRoles\n", ""),  # which also denies passing an exempt role
    )
    row = find(
        analysed(organization(unbounded)), "permission-set", "Admin", "network", "stop-cloudtrail"
    )
    assert row.held
    assert len(row.via) == 1  # the shortest path: one step to an exempt role
    org = organization(unbounded)
    admin = next(p for p in org.principals() if p.label == "permission-set Admin@network")
    access_role = [
        p
        for p in org.principals()
        if p.name == "OrganizationAccountAccessRole" and p.account == admin.account
    ]
    steps = _pass_to_compute(org, admin, access_role)
    assert [step.text for step in steps] == [
        "pass OrganizationAccountAccessRole to a new Lambda function and invoke it"
    ]


# A permission set assigned to platform-engineers in `accounts`: the smallest grant that opens
# one compute path. Its IAM actions name role and instance-profile ARNs, because validation
# refuses privilege-escalation actions on '*'; every role still matches.
def _with_set(prod_variant, actions: list[str], accounts: str, *extra):
    iam = [a for a in actions if a.startswith("iam:")]
    other = [a for a in actions if not a.startswith("iam:")]
    statements = ""
    if iam:
        statements += (
            "        - Effect: Allow\n"
            f"          Action: [{', '.join(iam)}]\n"
            "          Resource: ['arn:aws:iam::*:role/*', 'arn:aws:iam::*:instance-profile/*']\n"
        )
    if other:
        statements += (
            f"        - Effect: Allow\n          Action: [{', '.join(other)}]\n"
            "          Resource: '*'\n"
        )
    entry = (
        "  Builder:\n"
        "    description: One compute path, for the escalation tests.\n"
        "    session_duration: 1h\n"
        "    inline_policy:\n"
        "      Version: '2012-10-17'\n"
        "      Statement:\n" + statements
    )
    assignment = (
        f"  - group: platform-engineers\n    permission_set: Builder\n    accounts: {accounts}\n"
    )
    return prod_variant(
        ("\npermission_sets:\n", "\npermission_sets:\n" + entry),
        ("\nassignments:\n", "\nassignments:\n" + assignment),
        *extra,
    )


WITHOUT_PROTECTED_NAMES = ("      - ProtectAccessRoles\n", "")
EC2_LAUNCH = [
    "iam:PassRole",
    "iam:CreateInstanceProfile",
    "iam:AddRoleToInstanceProfile",
    "ec2:RunInstances",
]
CFN_CREATE = ["iam:PassRole", "cloudformation:CreateStack"]


def _stop_cloudtrail(path, name: str, account: str):
    return find(analysed(organization(path)), "permission-set", name, account, "stop-cloudtrail")


def test_passing_an_exempt_role_to_a_new_ec2_instance_opens_without_the_name_guardrail(
    prod_variant,
):
    opened = _stop_cloudtrail(
        _with_set(prod_variant, EC2_LAUNCH, "[dev]", WITHOUT_PROTECTED_NAMES), "Builder", "dev"
    )
    assert opened.held
    assert opened.via == (
        "pass OrganizationAccountAccessRole to a new EC2 instance through an instance profile (its user data "
        "runs as OrganizationAccountAccessRole)",
    )


def test_passing_an_exempt_role_to_a_new_ec2_instance_is_denied_by_the_name_guardrail(
    prod_variant,
):
    org = organization(_with_set(prod_variant, EC2_LAUNCH, "[dev]"))
    builder = next(p for p in org.principals() if p.label == "permission-set Builder@dev")
    escalation = Escalation(org, org.principals())
    reached = {p.kind for p, _ in escalation.reachable(builder)}
    assert reached == {"workload", "escalated"}  # never an exempt role
    assert not find(analysed(org), "permission-set", "Builder", "dev", "stop-cloudtrail").held


def test_ec2_instance_profile_on_an_existing_instance_is_a_second_route(prod_variant):
    """Without ec2:RunInstances, associating the profile with a running instance and sending it
    a command reaches the same role."""
    actions = [*EC2_LAUNCH[:-1], "ec2:AssociateIamInstanceProfile", "ssm:SendCommand"]
    opened = _stop_cloudtrail(
        _with_set(prod_variant, actions, "[dev]", WITHOUT_PROTECTED_NAMES), "Builder", "dev"
    )
    assert opened.via == (
        "pass OrganizationAccountAccessRole through an instance profile to an existing EC2 instance "
        "(ec2:AssociateIamInstanceProfile) and run a command there with SSM",
    )


def test_ops_passing_an_exempt_role_into_an_ecs_task_is_stopped_by_boundary_and_scp(
    prod_rows, prod_variant
):
    """AmazonECS_FullAccess lets Ops pass any role to ECS tasks. The boundary (no passing
    outside /delegated/) and the SCP protecting exempt names each close it; without both, a
    task running as break-glass stops CloudTrail in production."""
    assert not find(prod_rows, "permission-set", "Ops", "prod-app-1", "stop-cloudtrail").held
    unbounded = (
        "    boundary: EngineerPermissionBoundary\n    environments: [production, infrastructure]\n",
        "    environments: [production, infrastructure]\n",
    )
    assert not _stop_cloudtrail(prod_variant(unbounded), "Ops", "prod-app-1").held
    assert not _stop_cloudtrail(prod_variant(WITHOUT_PROTECTED_NAMES), "Ops", "prod-app-1").held
    opened = _stop_cloudtrail(prod_variant(unbounded, WITHOUT_PROTECTED_NAMES), "Ops", "prod-app-1")
    assert opened.held
    assert opened.via == (
        "pass OrganizationAccountAccessRole as the task role of a new ECS task definition and run a task",
    )


def test_passing_an_exempt_role_as_a_stack_service_role(prod_variant):
    closed = _stop_cloudtrail(_with_set(prod_variant, CFN_CREATE, "[dev]"), "Builder", "dev")
    assert not closed.held
    opened = _stop_cloudtrail(
        _with_set(prod_variant, CFN_CREATE, "[dev]", WITHOUT_PROTECTED_NAMES), "Builder", "dev"
    )
    assert opened.via == (
        "pass OrganizationAccountAccessRole as the service role of a new CloudFormation stack",
    )


def _databases(path, name: str, account: str):
    rows = analysed(organization(path))
    return find(rows, "permission-set", name, account, "delete-or-share-databases")


# Ops's statements that keep it from acting as production workloads' roles.
# Each replacement leaves the statement in place but makes it apply only to requests AWS
# services make on a caller's behalf, never to a person's own.
OPS_WORKLOAD_DENY = (
    "        - Sid: DenyActingAsWorkloadRoles\n          Effect: Deny\n",
    "        - Sid: DenyActingAsWorkloadRoles\n          Effect: Deny\n"
    "          Condition: {Bool: {aws:ViaAWSService: 'true'}}\n",
)
OPS_STACK_DENY = (
    "        - Sid: DenyChangingStacks\n          Effect: Deny\n",
    "        - Sid: DenyChangingStacks\n          Effect: Deny\n"
    "          Condition: {Bool: {aws:ViaAWSService: 'true'}}\n",
)


def test_ops_acting_through_existing_instances_is_closed_by_its_own_deny(prod_rows, prod_variant):
    """Ops may not delete databases, but a production instance's role may: replacing the
    instance's user data runs Ops's code as that role. Ops's own deny closes it."""
    assert not find(
        prod_rows, "permission-set", "Ops", "prod-data", "delete-or-share-databases"
    ).held
    opened = _databases(prod_variant(OPS_WORKLOAD_DENY), "Ops", "prod-data")
    assert opened.held
    assert opened.via == (
        "replace the user data of an existing EC2 instance that runs as the account's workload "
        "role and restart it",
    )
    assert opened.deciding.ask.action == "rds:DeleteDBInstance"


def test_acting_through_existing_compute_in_the_cde_is_denied_by_the_pci_guardrail(prod_variant):
    """In the cardholder data environment the SCP DenyActingAsWorkloadRoles closes every
    existing-compute route, even with Ops's own statements gone."""
    path = prod_variant(OPS_WORKLOAD_DENY, OPS_STACK_DENY)
    assert _databases(path, "Ops", "prod-data").held
    closed = _databases(path, "Ops", "pci-payments")
    assert not closed.held and closed.via == ()


def test_updating_an_existing_stack_runs_as_its_service_role(prod_variant):
    """With DenyChangingStacks gone (and user data and ECS Exec still denied), AmazonECS_FullAccess's
    cloudformation:UpdateStack reaches the stack's service role without iam:PassRole."""
    opened = _databases(prod_variant(OPS_STACK_DENY), "Ops", "prod-app-1")
    assert opened.via == (
        "update an existing CloudFormation stack whose service role is the account's workload role",
    )


def test_ssm_and_ecs_exec_reach_existing_compute_outside_the_cde(prod_variant):
    path = _with_set(prod_variant, ["ssm:SendCommand"], "[dev, pci-payments]")
    org = organization(path)
    principals = org.principals()
    escalation = Escalation(org, principals)
    by_label = {p.label: p for p in principals}
    reached = escalation.reachable(by_label["permission-set Builder@dev"])
    [(workload, steps)] = [(p, path) for p, path in reached if p.kind == "workload"]
    assert workload.kind == "workload" and workload.account.key == "dev"
    assert steps == (
        "run a command with SSM on an existing EC2 instance that runs as the "
        "account's workload role",
    )
    assert escalation.reachable(by_label["permission-set Builder@pci-payments"]) == []
    exec_path = _with_set(prod_variant, ["ecs:ExecuteCommand"], "[dev, pci-payments]")
    org = organization(exec_path)
    principals = org.principals()
    escalation = Escalation(org, principals)
    by_label = {p.label: p for p in principals}
    reached = escalation.reachable(by_label["permission-set Builder@dev"])
    [steps] = [path for p, path in reached if p.kind == "workload"]
    assert steps == (
        "open ECS Exec in an existing ECS task that runs as the account's workload role",
    )
    assert escalation.reachable(by_label["permission-set Builder@pci-payments"]) == []


def test_new_code_for_an_existing_function_runs_as_its_role(prod_variant):
    actions = ["lambda:UpdateFunctionCode", "lambda:InvokeFunction"]
    org = organization(_with_set(prod_variant, actions, "[dev, pci-payments]"))
    principals = org.principals()
    escalation = Escalation(org, principals)
    by_label = {p.label: p for p in principals}
    reached = escalation.reachable(by_label["permission-set Builder@dev"])
    assert [path for p, path in reached if p.kind == "workload"] == [
        (
            "replace the code of an existing Lambda function that runs as the account's "
            "workload role and invoke it",
        )
    ]
    assert escalation.reachable(by_label["permission-set Builder@pci-payments"]) == []
