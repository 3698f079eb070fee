"""One statement, parsed once and asked many times: does it apply to this request?

A statement applies when its Action (or NotAction), Resource (or NotResource), Principal (resource
policies only) and every condition match. Shape errors raise PolicyError naming the policy and
statement, so a malformed document never quietly stops denying.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from iam_evaluator.conditions import Operator, check_values, condition_holds, parse_operator
from iam_evaluator.model import PolicyError, StatementRef
from iam_evaluator.patterns import Unresolved, actions_regex, resource_match, substitute

DIRECT = "direct"  # the statement's Principal names this principal (or everyone)
ACCOUNT = "account"  # it names the principal's account, which delegates to identity policies
_ACCOUNT_ID = re.compile(r"^\d{12}$")


@dataclass(frozen=True)
class RequestView:
    """A request normalised for matching: context keys lower-cased, every value a list of str."""

    principal_arn: str
    principal_account: str | None
    action: str
    resource: str
    context: dict[str, list[str]]


def _strings(value, where: str) -> list[str]:
    values = value if isinstance(value, list) else [value]
    result = []
    for one in values:
        if isinstance(one, bool):
            result.append("true" if one else "false")
        elif isinstance(one, (str, int, float)):
            result.append(str(one))
        else:
            raise PolicyError(f"{where}: expected a string or a list of strings, got {one!r}")
    return result


@dataclass(frozen=True)
class CompiledStatement:
    ref: StatementRef
    effect: str
    actions: re.Pattern
    not_action: bool
    resources: tuple[str, ...]
    not_resource: bool
    conditions: tuple[tuple[Operator, str, list[str]], ...]
    principals: tuple[str, ...] | None  # AWS principals of a resource policy statement
    not_principal: bool

    def principal_match(self, request: RequestView) -> str | None:
        """DIRECT, ACCOUNT or None: how this resource policy statement names the principal."""
        if self.principals is None:
            return DIRECT
        found = None
        for principal in self.principals:
            if principal == "*" or principal == request.principal_arn:
                found = DIRECT
                break
            account = principal if _ACCOUNT_ID.match(principal) else None
            if principal.endswith(":root") and principal.count(":") == 5:
                account = principal.split(":")[4]
            if account is not None and account == request.principal_account:
                found = ACCOUNT
        if self.not_principal:
            return None if found else DIRECT
        return found

    def applies(self, request: RequestView) -> bool:
        if (self.actions.fullmatch(request.action) is not None) == self.not_action:
            return False
        if self._resource_hit(request) == self.not_resource:
            return False
        return all(
            condition_holds(operator, key, values, request.context)
            for operator, key, values in self.conditions
        )

    def _resource_hit(self, request: RequestView) -> bool:
        for pattern in self.resources:
            try:
                pattern = substitute(pattern, request.context)
            except Unresolved:
                continue  # an unresolvable variable matches no resource
            if resource_match(pattern, request.resource):
                return True
        return False


def _one_of(statement: dict, names: tuple[str, str], where: str, required: bool) -> tuple:
    present = [n for n in names if n in statement]
    if len(present) == 2:
        raise PolicyError(f"{where}: has both {names[0]} and {names[1]}")
    if not present:
        if required:
            raise PolicyError(f"{where}: needs {names[0]} or {names[1]}")
        return None, False
    return _strings(statement[present[0]], f"{where}.{present[0]}"), present[0] == names[1]


def _conditions(condition, where: str) -> tuple:
    if condition is None:
        return ()
    if not isinstance(condition, dict):
        raise PolicyError(f"{where}.Condition: expected an object of operators")
    result = []
    for name, keys in condition.items():
        try:
            operator = parse_operator(name)
        except PolicyError as error:
            raise PolicyError(f"{where}.Condition: {error}") from None
        if not isinstance(keys, dict):
            raise PolicyError(f"{where}.Condition.{name}: expected an object of condition keys")
        for key, values in keys.items():
            at = f"{where}.Condition.{name}.{key}"
            strings = _strings(values, at)
            try:
                check_values(operator, strings)
            except PolicyError as error:
                raise PolicyError(f"{at}: {error}") from None
            result.append((operator, key, strings))
    return tuple(result)


def _principals(statement: dict, where: str) -> tuple[tuple[str, ...], bool]:
    present = [n for n in ("Principal", "NotPrincipal") if n in statement]
    if len(present) != 1:
        raise PolicyError(f"{where}: a resource policy statement needs Principal or NotPrincipal")
    value = statement[present[0]]
    if value == "*":
        return ("*",), present[0] == "NotPrincipal"
    if not isinstance(value, dict):
        raise PolicyError(f"{where}.{present[0]}: expected '*' or an object such as {{'AWS': ...}}")
    # Only AWS principals (accounts, roles, users) can be the principal of our requests; service,
    # federated and canonical-user principals never name them.
    aws = _strings(value["AWS"], f"{where}.{present[0]}.AWS") if "AWS" in value else []
    return tuple(aws), present[0] == "NotPrincipal"


def compile_statement(
    statement: dict, ref: StatementRef, where: str, *, resource_policy: bool
) -> CompiledStatement:
    if not isinstance(statement, dict):
        raise PolicyError(f"{where}: a statement must be an object")
    effect = statement.get("Effect")
    if effect not in ("Allow", "Deny"):
        raise PolicyError(f"{where}: Effect must be 'Allow' or 'Deny', not {effect!r}")
    actions, not_action = _one_of(statement, ("Action", "NotAction"), where, required=True)
    resources, not_resource = _one_of(statement, ("Resource", "NotResource"), where, False)
    if resource_policy:
        principals, not_principal = _principals(statement, where)
    elif "Principal" in statement or "NotPrincipal" in statement:
        raise PolicyError(f"{where}: Principal belongs only in resource policies")
    else:
        principals, not_principal = None, False
    return CompiledStatement(
        ref=ref,
        effect=effect,
        actions=actions_regex(tuple(actions)),
        not_action=not_action,
        # A statement without Resource (accepted in SCPs written before full-language support)
        # means every resource.
        resources=tuple(resources) if resources is not None else ("*",),
        not_resource=not_resource,
        conditions=_conditions(statement.get("Condition"), where),
        principals=principals,
        not_principal=not_principal,
    )


def compile_document(
    document: dict, layer: str, name: str, level: str | None, where: str
) -> tuple[CompiledStatement, ...]:
    statements = document["Statement"]
    if isinstance(statements, dict):
        statements = [statements]
    if not isinstance(statements, list):
        raise PolicyError(f"{where}: Statement must be a list or an object")
    compiled = []
    for index, statement in enumerate(statements):
        sid = statement.get("Sid") if isinstance(statement, dict) else None
        ref = StatementRef(layer, name, sid or None, index, level)
        label = f"{where} statement '{sid}'" if sid else f"{where} statement #{index}"
        compiled.append(
            compile_statement(statement, ref, label, resource_policy=layer == "resource")
        )
    return tuple(compiled)
