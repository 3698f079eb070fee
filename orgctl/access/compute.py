"""Escalation through compute: code that runs as a role other than the caller's. Two kinds:

- passing a role to new compute (`iam:PassRole` with `iam:PassedToService`, then creating the
  compute): a Lambda function, an EC2 instance (through an instance profile; its user data runs
  as the role), an ECS task (a task definition naming the role as its task role), a
  CloudFormation stack (the role as its service role);
- acting through compute that already runs as a role, where AWS checks no `iam:PassRole`:
  SSM Run Command or Session Manager and user data on an EC2 instance, ECS Exec into a task,
  new code for a Lambda function, and an update of a CloudFormation stack, which runs as the
  stack's service role ("Users who have permissions to operate on this stack can use this role,
  even if they don't have permission to pass it", CloudFormation User Guide, service roles).
  Running a task of an existing ECS task definition is taken to check `iam:PassRole` for its
  roles, as users of RunTask report (not confirmed against AWS's reference here), so it is a
  pass route only; were it not checked, ECS Exec's route would have a twin through RunTask.

Each route is a list of requests, all of which must be allowed, in the caller's account; the
first open route of a service is the one reported. The resources named are placeholders of the
right ARN shape: `i-existing`, `existing-workload`, since the blueprint knows no workloads.
"""

from __future__ import annotations

from dataclasses import dataclass

from orgctl.access.catalogue import Ask
from orgctl.access.principals import Organization, Principal

EXISTING = "existing-workload"
_NEW = "escalation-probe"


@dataclass(frozen=True)
class Route:
    text: str  # "{role}" is replaced by the target's name
    asks: tuple[Ask, ...]


def _arns(org: Organization, principal: Principal) -> dict[str, str]:
    region, account = org.home_region, principal.account.id
    base = f"arn:{org.partition}"
    return {
        "function": f"{base}:lambda:{region}:{account}:function:",
        "instance": f"{base}:ec2:{region}:{account}:instance/",
        "profile": f"{base}:iam::{account}:instance-profile/",
        "ecs": f"{base}:ecs:{region}:{account}:",
        "stack": f"{base}:cloudformation:{region}:{account}:stack/",
        "document": f"{base}:ssm:{region}::document/",
    }


def _passed(role_arn: str, service: str) -> Ask:
    return Ask("iam:PassRole", role_arn, (("iam:PassedToService", service),))


def pass_routes(org: Organization, principal: Principal, role_arn: str) -> list[Route]:
    """Routes that pass `role_arn` to new compute the caller then controls."""
    arn = _arns(org, principal)
    function = arn["function"] + _NEW
    instance = arn["instance"] + "*"
    profile = arn["profile"] + _NEW
    task_definition = arn["ecs"] + f"task-definition/{_NEW}:1"
    stack = arn["stack"] + f"{_NEW}/*"
    # An instance gets a role through an instance profile holding it; adding the role to the
    # profile is itself checked with iam:PassRole by IAM.
    into_profile = (
        _passed(role_arn, "ec2.amazonaws.com"),
        Ask("iam:CreateInstanceProfile", profile),
        Ask("iam:AddRoleToInstanceProfile", profile),
    )
    return [
        Route(
            "pass {role} to a new Lambda function and invoke it",
            (
                _passed(role_arn, "lambda.amazonaws.com"),
                Ask("lambda:CreateFunction", function),
                Ask("lambda:InvokeFunction", function),
            ),
        ),
        Route(
            "pass {role} to a new EC2 instance through an instance profile (its user data "
            "runs as {role})",
            (*into_profile, Ask("ec2:RunInstances", instance)),
        ),
        Route(
            "pass {role} through an instance profile to an existing EC2 instance "
            "(ec2:AssociateIamInstanceProfile) and run a command there with SSM",
            (
                *into_profile,
                Ask("ec2:AssociateIamInstanceProfile", arn["instance"] + "i-existing"),
                Ask("ssm:SendCommand", arn["instance"] + "i-existing"),
                Ask("ssm:SendCommand", arn["document"] + "AWS-RunShellScript"),
            ),
        ),
        Route(
            "pass {role} as the task role of a new ECS task definition and run a task",
            (
                _passed(role_arn, "ecs-tasks.amazonaws.com"),
                Ask("ecs:RegisterTaskDefinition"),
                Ask("ecs:RunTask", task_definition),
            ),
        ),
        Route(
            "pass {role} as the task role of a new ECS task definition and update a service to it",
            (
                _passed(role_arn, "ecs-tasks.amazonaws.com"),
                Ask("ecs:RegisterTaskDefinition"),
                Ask("ecs:UpdateService", arn["ecs"] + f"service/{EXISTING}/{EXISTING}"),
            ),
        ),
        Route(
            "pass {role} as the service role of a new CloudFormation stack",
            (
                _passed(role_arn, "cloudformation.amazonaws.com"),
                Ask("cloudformation:CreateStack", stack),
            ),
        ),
        Route(
            "pass {role} as the new service role of an existing CloudFormation stack",
            (
                _passed(role_arn, "cloudformation.amazonaws.com"),
                Ask("cloudformation:UpdateStack", arn["stack"] + f"{EXISTING}/*"),
            ),
        ),
    ]


def existing_routes(org: Organization, principal: Principal) -> list[Route]:
    """Routes that run the caller's code as the role of compute that already exists."""
    arn = _arns(org, principal)
    instance = arn["instance"] + "i-existing"
    function = arn["function"] + EXISTING
    stack = arn["stack"] + f"{EXISTING}/*"
    return [
        Route(
            "run a command with SSM on an existing EC2 instance that runs as {role}",
            (
                Ask("ssm:SendCommand", instance),
                Ask("ssm:SendCommand", arn["document"] + "AWS-RunShellScript"),
            ),
        ),
        Route(
            "open an SSM session on an existing EC2 instance that runs as {role}",
            (
                Ask("ssm:StartSession", instance),
                Ask("ssm:StartSession", arn["document"] + "SSM-SessionManagerRunShell"),
            ),
        ),
        Route(
            "replace the user data of an existing EC2 instance that runs as {role} and restart it",
            (
                Ask("ec2:StopInstances", instance),
                Ask("ec2:ModifyInstanceAttribute", instance),
                Ask("ec2:StartInstances", instance),
            ),
        ),
        Route(
            "open ECS Exec in an existing ECS task that runs as {role}",
            (
                Ask(
                    "ecs:ExecuteCommand",
                    arn["ecs"] + f"task/{EXISTING}/0123456789abcdef0123456789abcdef",
                ),
            ),
        ),
        Route(
            "replace the code of an existing Lambda function that runs as {role} and invoke it",
            (
                Ask("lambda:UpdateFunctionCode", function),
                Ask("lambda:InvokeFunction", function),
            ),
        ),
        Route(
            "update an existing CloudFormation stack whose service role is {role}",
            (Ask("cloudformation:UpdateStack", stack),),
        ),
        Route(
            "create and execute a change set of an existing CloudFormation stack whose service "
            "role is {role}",
            (
                Ask("cloudformation:CreateChangeSet", stack),
                Ask("cloudformation:ExecuteChangeSet", stack),
            ),
        ),
    ]
