"""moto's server, seeded with what already exists before org-iam's first `pulumi up`: the
organization and the accounts the blueprint adopts (with their real ids), the Identity Center
groups the identity provider syncs, and credentials of the management account.

Run as its own process (`python -m orgctl.rehearsal.emulator --port P --seed FILE`): it prints one
JSON line with the management account's credentials once it serves, then serves until stopped.
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
from typing import Any

REGION = "us-east-1"
PROVIDER_TYPE = "pulumi:providers:aws"


def seed_from_plan(plan: dict) -> dict[str, Any]:
    """What the emulator must hold before the rehearsal starts, read from the plan itself."""
    resources = plan["deployment"]["resources"]
    management = ""
    for resource in resources:
        if resource["type"] == PROVIDER_TYPE and "assumeRoles" not in resource.get("inputs", {}):
            allowed = json.loads(resource["inputs"].get("allowedAccountIds", "[]") or "[]")
            management = management or (allowed[0] if allowed else "")
    organization = next(
        (r for r in resources if r["type"] == "aws:organizations/organization:Organization"),
        None,
    )
    accounts = [
        {
            "id": r["importID"],
            "name": r["inputs"].get("name", r["importID"]),
            "email": r["inputs"].get("email", f"{r['importID']}@example.com"),
        }
        for r in resources
        if r["type"] == "aws:organizations/account:Account" and r.get("importID")
    ]
    adopted_org = bool(organization and organization.get("importID")) or bool(accounts)
    groups = sorted(
        {
            invoke["args"]["alternateIdentifier"]["uniqueAttribute"]["attributeValue"]
            for invoke in plan["deployment"].get("invokes", [])
            if invoke["token"] == "aws:identitystore/getGroup:getGroup"
        }
    )
    return {
        "management_account": management or "123456789012",
        "organization_id": (organization or {}).get("importID", "") if adopted_org else None,
        "accounts": accounts,
        "groups": groups,
    }


def apply_seed(seed: dict[str, Any]) -> dict[str, str]:
    """Fill moto's in-process backends; return the management account's credentials."""
    from moto.iam.models import iam_backends
    from moto.identitystore.models import identitystore_backends
    from moto.organizations.models import organizations_backends
    from moto.ssoadmin.models import ssoadmin_backends

    management = seed["management_account"]
    iam = iam_backends[management]["aws"]
    iam.create_user(REGION, "org-iam-rehearsal", path="/", tags=[])
    key = iam.create_access_key("org-iam-rehearsal")
    if seed.get("organization_id") is not None:
        organizations = organizations_backends[management]["aws"]
        organizations.create_organization(REGION, FeatureSet="ALL")
        if seed["organization_id"]:
            organizations.org.id = seed["organization_id"]
        for account in seed["accounts"]:
            organizations.create_account(AccountName=account["name"], Email=account["email"])
            organizations.accounts[-1].id = account["id"]
            organizations.accounts[-1].organization_id = organizations.org.id
    instance = ssoadmin_backends[management][REGION].instances[0]
    store = identitystore_backends[management][REGION]
    for name in seed["groups"]:
        store.create_group(instance.identity_store_id, name, "synced by the identity provider")
    return {"access_key": key.access_key_id, "secret_key": key.secret_access_key}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="orgctl.rehearsal.emulator")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--seed", required=True, metavar="FILE")
    args = parser.parse_args(argv)
    import os

    from orgctl.rehearsal import stubs

    os.environ.update(stubs.EMULATOR_SETTINGS)
    from moto.moto_server.werkzeug_app import (
        DomainDispatcherApplication,
        MotoRequestHandler,
        create_backend_app,
    )
    from werkzeug.serving import make_server

    stubs.install()
    with open(args.seed) as handle:
        credentials = apply_seed(json.load(handle))
    app = DomainDispatcherApplication(create_backend_app)
    lock = threading.Lock()

    def one_at_a_time(environ, start_response):
        # moto's backends are not thread-safe (CloudWatch's DescribeAlarms fails with
        # "dictionary changed size during iteration" under Terraform's parallel calls).
        with lock:
            return list(app(environ, start_response))

    server = make_server(
        "127.0.0.1", args.port, one_at_a_time, threaded=True, request_handler=MotoRequestHandler
    )
    print(json.dumps(credentials), flush=True)
    server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
