from tests.brownfield import brownfield_org, fresh_brownfield_org  # noqa: F401
