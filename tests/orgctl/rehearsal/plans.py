"""Small plans in the deployment export shape, and a provider schema cut to the types they use
(same shapes as `terraform providers schema -json`), for the rehearsal's pure parts."""

from __future__ import annotations

import copy

from orgctl.rehearsal.schema import ProviderSchema

STACK = "urn:pulumi:t::org-iam::pulumi:pulumi:Stack::org-iam-t"


def urn(type_: str, name: str) -> str:
    return f"urn:pulumi:t::org-iam::{type_}::{name}"


MANAGEMENT = urn("pulumi:providers:aws", "management")
MEMBER = urn("pulumi:providers:aws", "dev")
ORG = urn("aws:organizations/organization:Organization", "organization")
OU = urn("aws:organizations/organizationalUnit:OrganizationalUnit", "Workloads")
ACCOUNT = urn("aws:organizations/account:Account", "dev")
SCP = urn("aws:organizations/policy:Policy", "baseline")
ATTACH = urn("aws:organizations/policyAttachment:PolicyAttachment", "baseline@Workloads")
ROLE = urn("aws:iam/role:Role", "deployer")
ALARM = urn("aws:cloudwatch/metricAlarm:MetricAlarm", "root-use")


def resource(type_, urn_, inputs, *, id_, provider=MANAGEMENT, deps=None, outputs=None, **extra):
    deps = deps or {}
    return {
        "urn": urn_,
        "type": type_,
        "custom": True,
        "id": id_,
        "inputs": inputs,
        "outputs": {**inputs, **(outputs or {})},
        "parent": STACK,
        "provider": f"{provider}::prov-id" if provider else "",
        "protect": extra.get("protect", False),
        "retainOnDelete": False,
        "importID": extra.get("importID", ""),
        "ignoreChanges": extra.get("ignoreChanges", []),
        "dependencies": sorted({u for urns in deps.values() for u in urns}),
        "propertyDependencies": deps,
    }


def small_plan() -> dict:
    resources = [
        {"urn": STACK, "type": "pulumi:pulumi:Stack", "custom": False},
        resource(
            "pulumi:providers:aws",
            MANAGEMENT,
            {"allowedAccountIds": '["111111111111"]', "region": "us-east-1"},
            id_="prov-id",
            provider="",
        ),
        resource(
            "aws:organizations/organization:Organization",
            ORG,
            {"featureSet": "ALL"},
            id_="o-exampleorg01",
            outputs={"roots": [{"id": "r-ab12", "arn": "arn:aws:organizations::mock:root/r-ab12"}]},
            importID="o-exampleorg01",
            protect=True,
        ),
        resource(
            "aws:organizations/organizationalUnit:OrganizationalUnit",
            OU,
            {"name": "Workloads", "parentId": "r-ab12"},
            id_="ou-mock-0123abcd",
            deps={"name": [], "parentId": [ORG]},
        ),
        resource(
            "aws:organizations/account:Account",
            ACCOUNT,
            {"name": "dev", "email": "dev@example.com", "parentId": "ou-mock-0123abcd"},
            id_="912345678901",
            deps={"parentId": [OU]},
            ignoreChanges=["email", "roleName"],
        ),
        resource(
            "pulumi:providers:aws",
            MEMBER,
            {
                "allowedAccountIds": '["912345678901"]',
                "assumeRoles": '[{"roleArn": "arn:aws:iam::912345678901:role/'
                'OrganizationAccountAccessRole", "sessionName": "org-iam"}]',
                "region": "us-east-1",
                "skipCredentialsValidation": "false",
            },
            id_="prov-id",
            provider="",
            deps={},
        ),
        resource(
            "aws:organizations/policy:Policy",
            SCP,
            {"name": "baseline", "content": '{"Statement": []}', "type": "SERVICE_CONTROL_POLICY"},
            id_="p-mock0a1b2c",
        ),
        resource(
            "aws:organizations/policyAttachment:PolicyAttachment",
            ATTACH,
            {"policyId": "p-mock0a1b2c", "targetId": "ou-mock-0123abcd"},
            id_="mock-aaaaaaaaaaaa",
            deps={"policyId": [SCP], "targetId": [OU]},
        ),
        resource(
            "aws:iam/role:Role",
            ROLE,
            {
                "name": "deployer",
                "assumeRolePolicy": '{"Statement": [{"Principal": {"AWS": '
                '"arn:aws:iam::912345678901:root"}, "Resource": '
                '"arn:aws:iam::912345678901:user/${aws:username}"}]}',
            },
            id_="mock-bbbbbbbbbbbb",
            provider=MEMBER,
            deps={"name": [], "assumeRolePolicy": [ACCOUNT]},
        ),
        resource(
            "aws:cloudwatch/metricAlarm:MetricAlarm",
            ALARM,
            {"name": "root-use", "threshold": 1.0, "alarmActions": ["arn:aws:sns:x"]},
            id_="mock-cccccccccccc",
        ),
    ]
    member = next(r for r in resources if r["urn"] == MEMBER)
    member["dependencies"] = [ACCOUNT]
    return {"version": 3, "deployment": {"resources": copy.deepcopy(resources)}}


def _string(**flags):
    return {"type": "string", **({"optional": True} | flags)}


SCHEMA = ProviderSchema(
    version="5.100.0",
    provider={
        "attributes": {
            "allowed_account_ids": {"type": ["set", "string"], "optional": True},
            "region": _string(),
            "skip_credentials_validation": {"type": "bool", "optional": True},
            "s3_use_path_style": {"type": "bool", "optional": True},
            "skip_metadata_api_check": {"type": "bool", "optional": True},
            "max_retries": {"type": "number", "optional": True},
        },
        "block_types": {
            "assume_role": {
                "nesting_mode": "list",
                "block": {"attributes": {"role_arn": _string(), "session_name": _string()}},
            },
            "endpoints": {
                "nesting_mode": "set",
                "block": {
                    "attributes": {"iam": _string(), "organizations": _string(), "sts": _string()}
                },
            },
        },
    },
    resources={
        "aws_organizations_organization": {
            "attributes": {
                "feature_set": _string(),
                "id": _string(computed=True),
                "roots": {
                    "type": [
                        "list",
                        ["object", {"arn": "string", "id": "string", "name": "string"}],
                    ],
                    "computed": True,
                },
            }
        },
        "aws_organizations_organizational_unit": {
            "attributes": {"name": _string(), "parent_id": _string(), "id": _string(computed=True)}
        },
        "aws_organizations_account": {
            "attributes": {
                "name": _string(),
                "email": _string(),
                "parent_id": _string(),
                "role_name": _string(),
                "id": _string(computed=True),
            }
        },
        "aws_organizations_policy": {
            "attributes": {"name": _string(), "content": _string(), "type": _string()}
        },
        "aws_organizations_policy_attachment": {
            "attributes": {"policy_id": _string(), "target_id": _string()}
        },
        "aws_iam_role": {
            "attributes": {"name": _string(), "assume_role_policy": _string(), "arn": _string()}
        },
        "aws_cloudwatch_metric_alarm": {
            "attributes": {
                "alarm_name": _string(),
                "threshold": {"type": "number", "optional": True},
                "alarm_actions": {"type": ["set", "string"], "optional": True},
            }
        },
    },
    data_sources={
        "aws_ssoadmin_instances": {
            "attributes": {
                "arns": {"type": ["list", "string"], "computed": True},
                "identity_store_ids": {"type": ["list", "string"], "computed": True},
            }
        }
    },
)
