"""Renamed blueprint keys keep their resources: one stack-wide transformation gives every
resource named after a renamed key its former logical names as Pulumi aliases, so its URN
still matches the stack and Pulumi updates it in place instead of replacing it.

It is an SDK-side transformation (`register_stack_transformation`), not an engine transform:
it runs in this process before each registration, so the offline plan records exactly the
aliases a real `pulumi up` sends. The components know nothing of renames.
"""

from __future__ import annotations

import pulumi

from blueprint.model import Blueprint
from blueprint.renames import Renames


def alias_renamed_resources(blueprint: Blueprint) -> None:
    """Register the transformation; a blueprint without `renamed_from` registers nothing."""
    renames = Renames.of(blueprint)
    if not renames:
        return

    def add_aliases(args: pulumi.ResourceTransformationArgs):
        former = renames.previous_names(args.type_, args.name)
        if not former:
            return None
        # A name-only alias keeps the type, parent, stack and project: only the name changed.
        aliases = [pulumi.Alias(name=name) for name in former]
        opts = pulumi.ResourceOptions.merge(args.opts, pulumi.ResourceOptions(aliases=aliases))
        return pulumi.ResourceTransformationResult(args.props, opts)

    pulumi.runtime.register_stack_transformation(add_aliases)
