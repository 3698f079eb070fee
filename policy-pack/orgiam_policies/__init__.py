"""org-iam's CrossGuard policies, by domain, listed once in ALL_POLICIES (no registration by
import side effect). Importing this package never starts the analyzer server."""

from orgiam_policies import audit_trail, detection, iam, organizations, resource_policies, sso

ALL_POLICIES = [
    *iam.POLICIES,
    *sso.POLICIES,
    *organizations.POLICIES,
    *audit_trail.POLICIES,
    *resource_policies.POLICIES,
    *detection.POLICIES,
]

__all__ = ["ALL_POLICIES"]
