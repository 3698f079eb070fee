"""The end-to-end rehearsals need Terraform and the hashicorp/aws provider and take minutes:
`make test` runs the staging one as its own step when they are found (ORGCTL_REHEARSAL_E2E=1)
and prints a SKIPPED line naming what is missing when not; the prod one (20 minutes or more)
runs with `make test-rehearsal-prod` (ORGCTL_REHEARSAL_PROD=1 as well). The plain pytest
run leaves both out."""

import os

collect_ignore = []
if os.environ.get("ORGCTL_REHEARSAL_E2E") != "1":
    collect_ignore.append("test_end_to_end.py")
if os.environ.get("ORGCTL_REHEARSAL_E2E") != "1" or os.environ.get("ORGCTL_REHEARSAL_PROD") != "1":
    collect_ignore.append("test_prod_end_to_end.py")
