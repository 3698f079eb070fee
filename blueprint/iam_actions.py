"""IAM action lists that several documents must agree on, kept once so a guardrail and a
boundary never protect different halves of the same thing."""

from __future__ import annotations

# Replacing what a customer-managed policy grants: a new default version, or deleting it (and
# recreating it under the same name). Sorted, as every generated document is.
POLICY_REWRITE_ACTIONS = (
    "iam:CreatePolicyVersion",
    "iam:DeletePolicy",
    "iam:DeletePolicyVersion",
    "iam:SetDefaultPolicyVersion",
)
# Rewriting a policy, or re-tagging it out of what a tag-based rule protects.
POLICY_TAMPERING_ACTIONS = (*POLICY_REWRITE_ACTIONS, "iam:TagPolicy", "iam:UntagPolicy")
