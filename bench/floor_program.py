"""The Pulumi SDK's floor for the plan benchmark: `org-iam:count` trivial custom resources,
registered under the same mocks as the real program."""

import pulumi

count = int(pulumi.Config("org-iam").require("count"))
for index in range(count):
    pulumi.CustomResource("bench:index:Trivial", f"trivial-{index:05d}", {"value": index})
