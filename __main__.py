"""The Pulumi program: stack config -> validated blueprint -> the four domains -> exports.

Validation runs before any resource is registered, so an invalid blueprint deploys nothing.
"""

import pulumi

from blueprint import BlueprintError, BlueprintIOError, load_blueprint

config = pulumi.Config("org-iam")
blueprint_path = config.require("blueprint")
try:
    blueprint = load_blueprint(blueprint_path)
except (BlueprintError, BlueprintIOError) as error:
    raise pulumi.RunError(
        f"blueprint {blueprint_path} is not valid; nothing was deployed:\n{error}"
    ) from None

pulumi.export("organization", blueprint.organization.name)
pulumi.export("accounts", sorted(blueprint.accounts))
