"""orgctl, the command line of org-iam: validate, plan, report and check work offline;
preflight reads the live accounts."""
