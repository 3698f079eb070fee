"""`python -m orgctl.rehearsal.available`: exit 0 when Terraform and the provider are found;
else print what is missing and exit 1 (the test target prints it as its SKIPPED line)."""

from __future__ import annotations

import sys

from orgctl.rehearsal.terraform import find_tooling

if __name__ == "__main__":
    tooling, missing = find_tooling()
    if tooling is None:
        print(missing)
        sys.exit(1)
    print(f"{tooling.terraform} with hashicorp/aws {tooling.provider_version} in {tooling.mirror}")
