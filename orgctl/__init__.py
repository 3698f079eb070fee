"""orgctl, the command line of org-iam: validate, plan, report and check work offline;
preflight, import and drift read the live organization."""

__version__ = "0.1.0"  # kept equal to pyproject.toml [project] version (a test checks)
