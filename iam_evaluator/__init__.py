"""An IAM policy evaluator for one request, following AWS's documented evaluation logic, so that
guardrails and grants are judged by what they decide rather than by reading JSON. Pure: no Pulumi,
nothing from the program; every decision names the statements that made it.

    from iam_evaluator import Request, PolicySet, evaluate
    decision = evaluate(Request(role_arn, "iam:CreateRole", arn, {...}), PolicySet(...))
    decision.allowed, decision.denied_by, decision.allowed_by, decision.reason

Rules, with the AWS documentation pages (IAM User Guide unless noted) they come from:

Evaluation ("Policy evaluation logic", "Determining whether a request is allowed or denied
within an account", Organizations User Guide "SCP evaluation"):
- An explicit Deny in any policy (SCP, identity, boundary, resource) decides: denied. `denied_by`
  is the first in layer order (SCP levels root to account, identity, boundary, resource);
  `denials` lists all of them.
- SCPs: at every level (root, each OU, the account) at least one statement must Allow the
  request; a level without one (e.g. FullAWSAccess removed) denies implicitly. SCPs never apply to
  the management account (`PolicySet.management_account`) nor to service-linked roles (role path
  `/aws-service-role/`).
- Then an identity-based Allow is required, or an Allow of a same-account resource policy whose
  Principal names this principal (its ARN, or `*`). A resource policy that names only the
  principal's account delegates to identity policies and grants nothing by itself. The root
  user (`arn:aws:iam::<account>:root`) holds every permission no policy denies.
- A permissions boundary, when present, must also Allow (implicit deny otherwise). It does not
  limit a resource policy that names an IAM user directly; it does limit one naming a role
  ("Permissions boundaries for IAM entities").
- Not modelled: session policies, resource control policies, VPC endpoint policies,
  cross-account requests.

Matching ("IAM JSON policy elements": Action, NotAction, Resource, NotResource, Principal):
- Action / NotAction: `*` and `?` wildcards, case-insensitive.
- Resource / NotResource: case-sensitive; `*` matches everything; an ARN pattern matches an ARN
  component by component (6 components split on `:`, the last one keeps its colons, wildcards
  stay within a component); a pattern that is not a 6-component ARN is one wildcard string. A
  statement without Resource or NotResource means every resource. Use resource `*` for actions
  without resource-level permissions: then only `*` patterns (or NotResource) match.
- Policy variables ("Policy variables"): `${key}` in Resource and in String, Arn and Bool
  condition values, substituted from the request context; `${key, 'default'}`; `${*}`, `${?}`,
  `${$}` for literal characters. A variable without a single value in the request and without a
  default makes that value match nothing (for a condition: when all its values are so, the
  condition is false). `aws:PrincipalArn` and `aws:PrincipalAccount` are derived from
  `Request.principal_arn` unless the context gives them.

Conditions ("Condition operators", "Single-valued vs. multivalued context keys"):
- Operators: StringEquals, StringNotEquals, StringEqualsIgnoreCase, StringNotEqualsIgnoreCase,
  StringLike, StringNotLike, Numeric{Equals,NotEquals,LessThan,LessThanEquals,GreaterThan,
  GreaterThanEquals}, Date{...same}, Bool, BinaryEquals, IpAddress, NotIpAddress, ArnEquals,
  ArnLike, ArnNotEquals, ArnNotLike (Arn* match per component as above), Null; each but Null
  with an `IfExists` suffix; `ForAnyValue:` / `ForAllValues:` prefixes. Anything else raises
  `PolicyError`: an unknown operator is never guessed true or false.
- Context keys are case-insensitive; values within one key are OR'ed; keys within an operator and
  operators within a Condition are AND'ed.
- Absent key: a positive operator is false; a negated one (…Not…, NotIpAddress) is true;
  `…IfExists` is true; `ForAllValues:` on an absent or empty key is true; `ForAnyValue:` on an
  absent or empty key is false; `Null: true` holds exactly when the key is absent.
- `ForAllValues:` holds when every request value matches some policy value (negated operators:
  matches none); `ForAnyValue:` when at least one does. A single-valued operator on a
  multivalued key holds when any request value matches (negated: when none does).
"""

from iam_evaluator.evaluation import evaluate
from iam_evaluator.model import Decision, PolicyError, PolicySet, Request, StatementRef

__all__ = ["Decision", "PolicyError", "PolicySet", "Request", "StatementRef", "evaluate"]
