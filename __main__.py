"""The Pulumi program: stack config -> validated blueprint -> the four domains -> exports.

Validation runs before any resource is registered, so an invalid blueprint deploys nothing.
"""

import datetime
from pathlib import Path

import pulumi

from blueprint import BlueprintError, BlueprintIOError, OrgTree, load_blueprint
from guardrails.attachments import ServiceControlPolicies, ServiceControlPoliciesArgs
from guardrails.compose import compose_guardrails
from guardrails.perimeter import IdentityPerimeter, IdentityPerimeterArgs
from guardrails.secure_defaults import AccountSecureDefaults, AccountSecureDefaultsArgs
from identity.foundation import IdentityFoundation, IdentityFoundationArgs
from monitoring.foundation import MonitoringFoundation, MonitoringFoundationArgs
from org.foundation import OrganizationFoundation, OrganizationFoundationArgs
from org.renames import alias_renamed_resources
from program.domain_checks import DOMAIN_CHECKS
from program.stack_facts import OUTPUT_NAME, stack_facts

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
organization = OrganizationFoundation("organization", OrganizationFoundationArgs(blueprint, tree))
directory = organization.directory
guardrails = ServiceControlPolicies(
    "guardrails",
    ServiceControlPoliciesArgs(compose_guardrails(blueprint, tree, today), directory),
)
IdentityPerimeter("identity-perimeter", IdentityPerimeterArgs(blueprint, directory))
AccountSecureDefaults("secure-defaults", AccountSecureDefaultsArgs(directory))
identity = IdentityFoundation("identity", IdentityFoundationArgs(blueprint, tree, directory))
monitoring = MonitoringFoundation("monitoring", MonitoringFoundationArgs(blueprint, directory))

pulumi.export("organization", blueprint.organization.name)
pulumi.export("root_id", directory.root_id)
pulumi.export("account_ids", {key: entry.account_id for key, entry in directory.entries.items()})
pulumi.export("org_trail_arn", monitoring.trail.trail.arn)
# Provenance and scope for the evidence pack, read back from `pulumi stack export`.
pulumi.export(OUTPUT_NAME, stack_facts(blueprint, blueprint_path, Path(__file__).resolve().parent))
