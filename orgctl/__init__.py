"""orgctl: the offline command line of org-iam: validate, plan, report, check and preflight."""
