"""The Pulumi program: stack config -> validated blueprint -> the four domains -> exports.

Validation runs before any resource is registered, so an invalid blueprint deploys nothing.
"""

import datetime
from pathlib import Path

import pulumi

from blueprint import BlueprintError, BlueprintIOError, OrgTree, load_blueprint
from guardrails.attachments import ServiceControlPolicies
from guardrails.compose import compose_guardrails
from guardrails.perimeter import IdentityPerimeter
from guardrails.secure_defaults import AccountSecureDefaults
from identity.foundation import IdentityFoundation
from monitoring.foundation import MonitoringFoundation
from org.foundation import OrganizationFoundation
from org.renames import alias_renamed_resources
from orgctl.domain_checks import DOMAIN_CHECKS
from orgctl.evidence.facts import OUTPUT_NAME, stack_facts

config = pulumi.Config("org-iam")
blueprint_path = config.require("blueprint")
# Sandbox expiry is judged against this date; set it only to rehearse a future run.
today = datetime.date.fromisoformat(config.get("today") or datetime.date.today().isoformat())
try:
    blueprint = load_blueprint(blueprint_path, today=today, extra_checks=DOMAIN_CHECKS)
except (BlueprintError, BlueprintIOError) as error:
    raise pulumi.RunError(
        f"blueprint {blueprint_path} is not valid; nothing was deployed:\n{error}"
    ) from None

alias_renamed_resources(blueprint)  # before any resource: renamed keys keep their URNs
tree = OrgTree(blueprint)
organization = OrganizationFoundation("organization", blueprint, tree)
directory = organization.directory
guardrails = ServiceControlPolicies(
    "guardrails", compose_guardrails(blueprint, tree, today), directory
)
IdentityPerimeter("identity-perimeter", blueprint, directory)
AccountSecureDefaults("secure-defaults", directory)
identity = IdentityFoundation("identity", blueprint, tree, directory)
monitoring = MonitoringFoundation("monitoring", blueprint, directory)

pulumi.export("organization", blueprint.organization.name)
pulumi.export("root_id", directory.root_id)
pulumi.export("account_ids", {key: entry.account_id for key, entry in directory.entries.items()})
pulumi.export("org_trail_arn", monitoring.trail.trail.arn)
# Provenance and scope for the evidence pack, read back from `pulumi stack export`.
pulumi.export(OUTPUT_NAME, stack_facts(blueprint, blueprint_path, Path(__file__).resolve().parent))
