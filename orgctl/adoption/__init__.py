"""Adopting a live organization: `orgctl import` turns a live snapshot into a blueprint and a
Pulumi import file."""
