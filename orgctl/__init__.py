"""orgctl: the offline command line of org-iam (validate now; plan, check and report follow)."""
