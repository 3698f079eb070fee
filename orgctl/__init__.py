"""orgctl, the command line of org-iam: validate, plan, report and check work offline;
preflight reads the live accounts."""

__version__ = "0.1.0"  # kept equal to pyproject.toml [project] version (a test checks)
