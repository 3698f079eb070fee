"""The validation rules owned by the domains, in one list for `orgctl validate` and the Pulumi
program alike, so both refuse exactly the same blueprints."""

from __future__ import annotations

from guardrails.validation import check_guardrails
from identity.validation import check_identity_documents

DOMAIN_CHECKS = (check_guardrails, check_identity_documents)
