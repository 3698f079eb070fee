"""Read-only views of a live AWS organization, shared by `orgctl import`, `drift` and `review`."""
