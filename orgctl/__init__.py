"""orgctl, the command line of org-iam: validate, plan, report and check work offline;
preflight, import and drift read the live organization."""
