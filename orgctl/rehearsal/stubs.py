"""What the rehearsal adds to moto, each addition stating documented AWS behaviour (and
listed in every report). Nothing here decides whether a request is allowed."""

from __future__ import annotations

import json
from dataclasses import dataclass


@dataclass(frozen=True)
class Stub:
    name: str
    behaviour: str  # the AWS behaviour the stub states
    source: str  # where AWS documents it


STUBS = (
    Stub(
        "organizations-trusted-services",
        "Organizations accepts trusted access for iam.amazonaws.com (centralized root access) "
        "and malware-protection.guardduty.amazonaws.com; moto's list of trusted services lacks "
        "them.",
        "AWS Organizations User Guide: AWS services that you can use with AWS Organizations",
    ),
    Stub(
        "ssoadmin-resource-tags",
        "IAM Identity Center ListTagsForResource, TagResource and UntagResource read and change "
        "the tags of a permission set; moto stores the tags given at creation but does not "
        "implement these three operations.",
        "IAM Identity Center API Reference: ListTagsForResource, TagResource, UntagResource",
    ),
    Stub(
        "ssoadmin-provisioning-status",
        "DescribePermissionSetProvisioningStatus reports a provisioning request's status; the "
        "stub reports SUCCEEDED, as AWS does once a provisioning request has completed (moto "
        "provisions at once but does not implement the status call).",
        "IAM Identity Center API Reference: DescribePermissionSetProvisioningStatus",
    ),
    Stub(
        "ssoadmin-permissions-boundary",
        "PutPermissionsBoundaryToPermissionSet, GetPermissionsBoundaryForPermissionSet and "
        "DeletePermissionsBoundaryFromPermissionSet store, return and remove one boundary per "
        "permission set; moto does not implement them.",
        "IAM Identity Center API Reference: PutPermissionsBoundaryToPermissionSet",
    ),
    Stub(
        "ssoadmin-managed-policy-paths",
        "AWS managed policies with a path (arn:aws:iam::aws:policy/job-function/ViewOnlyAccess) "
        "attach to permission sets; moto's policy list has no paths and accepts only ARNs "
        "without one.",
        "AWS managed policies for job functions (IAM User Guide)",
    ),
    Stub(
        "organizations-config-delegated-admin",
        "Organizations registers a delegated administrator for config.amazonaws.com (AWS "
        "Config organization aggregators); moto's list of delegable services lacks it.",
        "AWS Config Developer Guide: register a delegated administrator",
    ),
    Stub(
        "s3-logging-policy-principal-star",
        "S3 PutBucketLogging reads the target bucket's policy, which may hold statements with "
        '"Principal": "*" (a TLS-only deny); moto crashes on such a statement instead of '
        "skipping it when it looks for the logging service's grant.",
        "Amazon S3 User Guide: permissions for log delivery",
    ),
    Stub(
        "cloudformation-service-managed-targets",
        "A service-managed StackSet deployed to an organizational unit reaches every account in "
        "it and in the units below it, and never the management account; moto also deploys to "
        "the management account when the target is the root, and looks only one unit deep.",
        "AWS CloudFormation User Guide: create a stack set with service-managed permissions",
    ),
    Stub(
        "ec2-snapshot-block-public-access",
        "EnableSnapshotBlockPublicAccess, GetSnapshotBlockPublicAccessState and "
        "DisableSnapshotBlockPublicAccess set and return one state per account and Region "
        "(block-all-sharing, block-new-sharing, or unblocked after Disable); moto does not "
        "implement them.",
        "Amazon EC2 API Reference: EnableSnapshotBlockPublicAccess",
    ),
    Stub(
        "ec2-image-block-public-access",
        "EnableImageBlockPublicAccess, GetImageBlockPublicAccessState and "
        "DisableImageBlockPublicAccess set and return one state per account and Region "
        "(block-new-sharing, or unblocked after Disable); the stub reports the state AWS "
        "reports once the setting has taken effect (up to 10 minutes in AWS). moto does not "
        "implement them.",
        "Amazon EC2 API Reference: EnableImageBlockPublicAccess",
    ),
)

# Not stubs: moto features the rehearsal switches on.
EMULATOR_SETTINGS = {"MOTO_IAM_LOAD_MANAGED_POLICIES": "true"}


def install() -> None:
    """Apply every stub to moto in this process (the emulator's)."""
    from moto.organizations.models import FakeServiceAccess
    from moto.ssoadmin.responses import SSOAdminResponse

    for principal in ("iam.amazonaws.com", "malware-protection.guardduty.amazonaws.com"):
        if principal not in FakeServiceAccess.TRUSTED_SERVICES:
            FakeServiceAccess.TRUSTED_SERVICES.append(principal)

    def _permission_set(response: SSOAdminResponse):
        arn = response._get_param("ResourceArn")
        instance = response._get_param("InstanceArn")
        return response.ssoadmin_backend._find_permission_set(instance, arn)

    def list_tags_for_resource(self: SSOAdminResponse) -> str:
        return json.dumps({"Tags": list(_permission_set(self).tags or [])})

    def tag_resource(self: SSOAdminResponse) -> str:
        found = _permission_set(self)
        tags = {t["Key"]: t["Value"] for t in found.tags or []}
        tags.update({t["Key"]: t["Value"] for t in self._get_param("Tags") or []})
        found.tags = [{"Key": k, "Value": v} for k, v in sorted(tags.items())]
        return "{}"

    def untag_resource(self: SSOAdminResponse) -> str:
        found = _permission_set(self)
        dropped = set(self._get_param("TagKeys") or [])
        found.tags = [t for t in found.tags or [] if t["Key"] not in dropped]
        return "{}"

    def describe_permission_set_provisioning_status(self: SSOAdminResponse) -> str:
        request = self._get_param("ProvisionPermissionSetRequestId")
        status = {"RequestId": request, "Status": "SUCCEEDED"}
        return json.dumps({"PermissionSetProvisioningStatus": status})

    def _boundary_target(self: SSOAdminResponse):
        arn = self._get_param("PermissionSetArn")
        return self.ssoadmin_backend._find_permission_set(self._get_param("InstanceArn"), arn)

    def put_permissions_boundary_to_permission_set(self: SSOAdminResponse) -> str:
        _boundary_target(self).rehearsal_boundary = self._get_param("PermissionsBoundary")
        return "{}"

    def get_permissions_boundary_for_permission_set(self: SSOAdminResponse) -> str:
        boundary = getattr(_boundary_target(self), "rehearsal_boundary", None)
        if boundary is None:
            from moto.ssoadmin.exceptions import ResourceNotFoundException

            raise ResourceNotFoundException("The permission set has no permissions boundary")
        return json.dumps({"PermissionsBoundary": boundary})

    def delete_permissions_boundary_from_permission_set(self: SSOAdminResponse) -> str:
        _boundary_target(self).rehearsal_boundary = None
        return "{}"

    SSOAdminResponse.describe_permission_set_provisioning_status = (
        describe_permission_set_provisioning_status
    )
    SSOAdminResponse.put_permissions_boundary_to_permission_set = (
        put_permissions_boundary_to_permission_set
    )
    SSOAdminResponse.get_permissions_boundary_for_permission_set = (
        get_permissions_boundary_for_permission_set
    )
    SSOAdminResponse.delete_permissions_boundary_from_permission_set = (
        delete_permissions_boundary_from_permission_set
    )
    _install_managed_policy_paths()
    _install_delegated_config()
    _install_logging_principal_star()
    _install_ec2_block_public_access()
    _install_service_managed_targets()
    SSOAdminResponse.list_tags_for_resource = list_tags_for_resource
    SSOAdminResponse.tag_resource = tag_resource
    SSOAdminResponse.untag_resource = untag_resource


def _install_managed_policy_paths() -> None:
    from moto.ssoadmin.models import ManagedPolicy, SSOAdminBackend

    original = SSOAdminBackend._find_managed_policy

    def find(self: SSOAdminBackend, managed_policy_arn: str) -> ManagedPolicy:
        prefix = f"arn:{self.partition}:iam::aws:policy/"
        name = managed_policy_arn.split("/")[-1]
        try:
            return original(self, managed_policy_arn)
        except Exception:
            if managed_policy_arn.startswith(prefix) and self.aws_managed_policies.get(name):
                return ManagedPolicy(managed_policy_arn, name)
            raise

    SSOAdminBackend._find_managed_policy = find


def _install_delegated_config() -> None:
    from moto.organizations.models import FakeDelegatedAdministrator

    if "config.amazonaws.com" not in FakeDelegatedAdministrator.SUPPORTED_SERVICES:
        FakeDelegatedAdministrator.SUPPORTED_SERVICES.append("config.amazonaws.com")


def _install_logging_principal_star() -> None:
    from moto.s3.models import FakeBucket

    original = FakeBucket._log_permissions_enabled_policy

    def check(target_bucket, target_prefix):
        policy = target_bucket.policy
        if policy:
            document = json.loads(policy.decode())
            kept = [
                s for s in document.get("Statement", []) if isinstance(s.get("Principal"), dict)
            ]
            target_bucket.policy, saved = (
                json.dumps({**document, "Statement": kept}).encode(),
                policy,
            )
            try:
                return original(target_bucket, target_prefix)
            finally:
                target_bucket.policy = saved
        return original(target_bucket, target_prefix)

    FakeBucket._log_permissions_enabled_policy = staticmethod(check)


def _install_ec2_block_public_access() -> None:
    from moto.core.responses import ActionResult
    from moto.ec2.responses import EC2Response

    def setting(response: EC2Response, name: str, value: str | None = None) -> str:
        # One value per account and Region: moto keeps one EC2 backend for each.
        if value is not None:
            setattr(response.ec2_backend, f"rehearsal_{name}", value)
        return getattr(response.ec2_backend, f"rehearsal_{name}", "unblocked")

    def enable_snapshot_block_public_access(self: EC2Response) -> ActionResult:
        return ActionResult({"State": setting(self, "snapshots", self._get_param("State"))})

    def get_snapshot_block_public_access_state(self: EC2Response) -> ActionResult:
        return ActionResult({"State": setting(self, "snapshots"), "ManagedBy": "account"})

    def disable_snapshot_block_public_access(self: EC2Response) -> ActionResult:
        return ActionResult({"State": setting(self, "snapshots", "unblocked")})

    def enable_image_block_public_access(self: EC2Response) -> ActionResult:
        state = setting(self, "images", self._get_param("ImageBlockPublicAccessState"))
        return ActionResult({"ImageBlockPublicAccessState": state})

    def get_image_block_public_access_state(self: EC2Response) -> ActionResult:
        state = setting(self, "images")
        return ActionResult({"ImageBlockPublicAccessState": state, "ManagedBy": "account"})

    def disable_image_block_public_access(self: EC2Response) -> ActionResult:
        return ActionResult({"ImageBlockPublicAccessState": setting(self, "images", "unblocked")})

    for method in (
        enable_snapshot_block_public_access,
        get_snapshot_block_public_access_state,
        disable_snapshot_block_public_access,
        enable_image_block_public_access,
        get_image_block_public_access_state,
        disable_image_block_public_access,
    ):
        setattr(EC2Response, method.__name__, method)


def _install_service_managed_targets() -> None:
    from moto.cloudformation.models import StackInstances

    original = StackInstances.create_instances

    def create_instances(self, accounts, regions, parameters, deployment_targets, permission_model):
        if permission_model != "SERVICE_MANAGED":
            return original(
                self, accounts, regions, parameters, deployment_targets, permission_model
            )
        organization = self.org_backend
        units = set(deployment_targets.get("OrganizationalUnitIds", []))
        while True:
            below = {u.id for u in organization.ou if u.parent_id in units} - units
            if not below:
                break
            units |= below
        management = organization.org.master_account_id if organization.org else None
        reached = [a.id for a in organization.accounts if a.parent_id in units]
        reached = [a for a in [*accounts, *reached] if a != management]
        return original(self, reached, regions, parameters, {}, permission_model)

    StackInstances.create_instances = create_instances
