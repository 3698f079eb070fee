"""Every domain component follows Pulumi's convention for components: `(name, args, opts)`, with
`args` a frozen `<Component>Args` dataclass, so a reader sees what a component needs in one place
and a new input is a named field, never one more positional argument."""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import typing

import pulumi
import pytest

from tests.conftest import REPO

DOMAINS = ("org", "guardrails", "identity", "monitoring")


def components() -> list[type]:
    found = []
    for domain in DOMAINS:
        for path in sorted((REPO / domain).glob("*.py")):
            module = importlib.import_module(f"{domain}.{path.stem}")
            found.extend(
                value
                for value in vars(module).values()
                if inspect.isclass(value)
                and issubclass(value, pulumi.ComponentResource)
                and value.__module__ == module.__name__
            )
    return found


def signature_problems(component: type) -> list[str]:
    name = f"{component.__module__}.{component.__name__}"
    parameters = list(inspect.signature(component.__init__).parameters)
    if parameters != ["self", "name", "args", "opts"]:
        return [f"{name} takes ({', '.join(parameters[1:])}), not (name, args, opts)"]
    module = importlib.import_module(component.__module__)
    hints = typing.get_type_hints(component.__init__, vars(module))
    args = hints.get("args")
    if args is None or not dataclasses.is_dataclass(args):
        return [f"{name}: args is not annotated with a dataclass"]
    problems = []
    if args.__name__ != f"{component.__name__}Args":
        problems.append(f"{name}: args is {args.__name__}, not {component.__name__}Args")
    if not args.__dataclass_params__.frozen:
        problems.append(f"{name}: {args.__name__} is not frozen")
    return problems


COMPONENTS = components()


def test_the_domains_have_components():
    assert len(COMPONENTS) >= 20


@pytest.mark.parametrize("component", COMPONENTS, ids=lambda c: c.__name__)
def test_every_component_takes_name_args_and_opts(component):
    assert signature_problems(component) == []


class _Positional(pulumi.ComponentResource):
    def __init__(self, name: str, blueprint: object, partition: str, opts=None):
        super().__init__("test:Positional", name, None, opts)


@dataclasses.dataclass
class _MutableSettings:
    blueprint: object


class _Mutable(pulumi.ComponentResource):
    def __init__(self, name: str, args: _MutableSettings, opts=None):
        super().__init__("test:Mutable", name, None, opts)


def test_positional_arguments_or_a_mutable_misnamed_args_class_are_refused():
    assert signature_problems(_Positional) == [
        "tests.test_component_arguments._Positional takes (name, blueprint, partition, opts), "
        "not (name, args, opts)"
    ]
    assert signature_problems(_Mutable) == [
        "tests.test_component_arguments._Mutable: args is _MutableSettings, not _MutableArgs",
        "tests.test_component_arguments._Mutable: _MutableSettings is not frozen",
    ]
