"""Organizations: the organization, its OU tree, new and adopted accounts, per-account providers."""
