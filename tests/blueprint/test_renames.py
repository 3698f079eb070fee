"""`renamed_from`: former logical names from the blueprint alone, the rules on former names
(free, claimed once, no loop), and the warning for a key renamed without it."""

from __future__ import annotations

from blueprint import check_blueprint, load_blueprint
from blueprint.renames import PreviousKeys, Renames
from blueprint.semantics.renames import replacement_warnings
from tests.conftest import MINIMAL, PROD, TODAY

DEV = "  dev: {email: aws-dev@example.com}\n"
PCI = "  pci: {email: aws-pci@example.com}\n"


def _renamed_dev(*former: str) -> tuple[str, str]:
    return DEV, f"  dev: {{email: aws-dev@example.com, renamed_from: [{', '.join(former)}]}}\n"


def _renames(write_blueprint, *replacements) -> Renames:
    return Renames.of(load_blueprint(str(write_blueprint(*replacements)), today=TODAY))


def _errors(path):
    return [d for d in check_blueprint(str(path), today=TODAY).diagnostics if d.severity == "error"]


# --- former logical names ------------------------------------------------------------------


def test_a_blueprint_without_renamed_from_has_no_former_names():
    renames = Renames.of(load_blueprint(str(PROD), today=TODAY))
    assert not renames
    assert renames.previous_names("aws:organizations/account:Account", "prod-app-1") == ()


def test_a_renamed_account_gives_every_resource_named_after_it_its_former_name(write_blueprint):
    renames = _renames(write_blueprint, _renamed_dev("development"))
    expected = {
        ("aws:organizations/account:Account", "dev"): ("development",),
        ("pulumi:providers:aws", "dev"): ("development",),
        ("pulumi:providers:aws", "dev-us-west-2"): ("development-us-west-2",),
        ("aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock", "dev"): ("development",),
        ("aws:ebs/encryptionByDefault:EncryptionByDefault", "dev:us-east-1"): (
            "development:us-east-1",
        ),
        ("aws:iam/role:Role", "BreakGlassAdmin@dev"): ("BreakGlassAdmin@development",),
        ("aws:iam/policy:Policy", "EngineerBoundary@dev"): ("EngineerBoundary@development",),
        ("aws:ssoadmin/accountAssignment:AccountAssignment", "Admin:admins@dev"): (
            "Admin:admins@development",
        ),
    }
    for (type_, name), former in expected.items():
        assert renames.previous_names(type_, name) == former, (type_, name)
    # Names that only look alike keep their URN: other accounts, other types, other Regions.
    assert renames.previous_names("aws:organizations/account:Account", "dev-data") == ()
    assert renames.previous_names("aws:sns/topic:Topic", "dev") == ()
    assert renames.previous_names("pulumi:providers:aws", "dev-eu-west-1") == ()


def test_the_management_account_has_no_account_resource_or_provider_of_its_own(write_blueprint):
    renames = _renames(
        write_blueprint,
        ("  management_account: management\n", "  management_account: root\n"),
        (
            '  management: {email: aws-management@example.com, id: "111111111111"}\n',
            '  root: {email: aws-management@example.com, id: "111111111111", '
            "renamed_from: [management]}\n",
        ),
    )
    # The management account's provider is named 'management' whatever its key.
    assert renames.previous_names("pulumi:providers:aws", "root") == ()
    assert renames.previous_names("aws:iam/role:Role", "BreakGlassAdmin@root") == (
        "BreakGlassAdmin@management",
    )


def test_a_renamed_ou_renames_the_paths_below_it(write_blueprint):
    renames = _renames(
        write_blueprint, ("  Production:\n", "  Production:\n    renamed_from: [Prod]\n")
    )
    ou = "aws:organizations/organizationalUnit:OrganizationalUnit"
    assert renames.previous_names(ou, "Production") == ("Prod",)
    assert renames.previous_names(ou, "Production/Payments") == ("Prod/Payments",)
    attachment = "aws:organizations/policyAttachment:PolicyAttachment"
    assert renames.previous_names(attachment, "baseline@ou:Production") == ("baseline@ou:Prod",)
    assert renames.previous_names(ou, "Development") == ()


def test_keys_renamed_in_different_changes_combine(write_blueprint):
    renames = _renames(
        write_blueprint,
        _renamed_dev("development"),
        ("  Admin:\n", "  Administrator:\n    renamed_from: [Admin]\n"),
        ("    permission_set: Admin\n", "    permission_set: Administrator\n"),
    )
    former = renames.previous_names(
        "aws:ssoadmin/accountAssignment:AccountAssignment", "Administrator:admins@dev"
    )
    assert set(former) == {
        "Admin:admins@dev",
        "Administrator:admins@development",
        "Admin:admins@development",
    }
    # The original name (every key as it first was) comes last: the mock runtime's ids use it.
    assert former[-1] == "Admin:admins@development"


# --- rules on former names -----------------------------------------------------------------


def test_a_free_former_name_is_accepted(write_blueprint):
    assert _errors(write_blueprint(_renamed_dev("development"))) == []


def test_a_former_name_still_in_use_is_a_located_error(write_blueprint):
    path = write_blueprint(_renamed_dev("prod"))
    (error,) = _errors(path)
    line = path.read_text().splitlines().index(_renamed_dev("prod")[1].rstrip("\n")) + 1
    assert (error.file, error.line, error.path) == (str(path), line, "accounts.dev.renamed_from[0]")
    assert "another account still has that name" in error.message


def test_a_swap_is_a_loop(write_blueprint):
    path = write_blueprint(
        _renamed_dev("pci"),
        (PCI, "  pci: {email: aws-pci@example.com, renamed_from: [dev]}\n"),
    )
    errors = _errors(path)
    assert {e.path for e in errors} == {
        "accounts.dev.renamed_from[0]",
        "accounts.pci.renamed_from[0]",
    }
    assert all("loop back" in e.message for e in errors)


def test_a_key_renamed_from_itself_is_an_error(write_blueprint):
    (error,) = _errors(write_blueprint(_renamed_dev("dev")))
    assert error.path == "accounts.dev.renamed_from[0]"
    assert "renamed from itself" in error.message


def test_two_keys_cannot_claim_one_former_name(write_blueprint):
    path = write_blueprint(
        _renamed_dev("legacy"),
        (PCI, "  pci: {email: aws-pci@example.com, renamed_from: [legacy]}\n"),
    )
    (error,) = _errors(path)
    assert error.path == "accounts.pci.renamed_from[0]"
    assert "both claim the former name 'legacy'" in error.message


def test_ou_former_names_are_checked_among_siblings(write_blueprint):
    clash = write_blueprint(
        ("  Development:\n", "  Development:\n    renamed_from: [Production]\n")
    )
    (error,) = _errors(clash)
    assert error.path == "organizational_units.Development.renamed_from[0]"
    assert "at the root" in error.message
    # The same former name under two different parents is two different OU paths.
    apart = write_blueprint(
        ("  Development:\n", "  Development:\n    renamed_from: [Cards]\n"),
        ("      Payments:\n", "      Payments:\n        renamed_from: [Cards]\n"),
    )
    assert _errors(apart) == []


def test_permission_set_and_group_former_names_are_checked(write_blueprint):
    path = write_blueprint(
        ("  Admin:\n", "  Admin:\n    renamed_from: [ReadOnly]\n"),
        (
            "  admins: {display_name: AWS-Admins}\n",
            "  admins: {display_name: AWS-Admins, renamed_from: [engineers]}\n",
        ),
    )
    assert {e.path for e in _errors(path)} == {
        "permission_sets.Admin.renamed_from[0]",
        "groups.admins.renamed_from[0]",
    }


# --- against the previous keys -------------------------------------------------------------


def _warnings(path, previous: PreviousKeys):
    result = check_blueprint(str(path), today=TODAY, extra_checks=[replacement_warnings(previous)])
    return [d for d in result.diagnostics if d.severity == "warning"]


def _previous() -> PreviousKeys:
    return PreviousKeys.from_blueprint(load_blueprint(str(MINIMAL), today=TODAY), "the base")


RENAME_DEV = (
    (DEV, "  development: {email: aws-dev@example.com}\n"),
    ("    accounts: [dev]\n", "    accounts: [development]\n"),
    ("    accounts: [dev]\n", "    accounts: [development]\n"),
)


def test_an_account_renamed_without_renamed_from_warns_that_it_would_be_replaced(
    write_blueprint,
):
    path = write_blueprint(*RENAME_DEV)
    (warning,) = _warnings(path, _previous())
    assert warning.path == "accounts.development"
    assert "add `renamed_from: [dev]`" in warning.message
    assert "'dev', which is protected: `pulumi up` stops part-way" in warning.message
    assert "compared with the base" in warning.message


def test_renamed_from_silences_the_warning(write_blueprint):
    path = write_blueprint(
        (DEV, "  development: {email: aws-dev@example.com, renamed_from: [dev]}\n"),
        *RENAME_DEV[1:],
    )
    assert _warnings(path, _previous()) == []


def test_a_plain_deletion_is_not_a_rename(write_blueprint):
    # An account removed, none added: the plan diff reports the deletion; nothing to rename.
    path = write_blueprint(
        (DEV, ""),
        ("    accounts: [dev]\n", ""),
        ("    accounts: [dev]\n", "    accounts: [prod]\n"),
    )
    assert _errors(path) == []
    assert _warnings(path, _previous()) == []


def test_an_ou_renamed_without_renamed_from_warns_once_at_the_top(write_blueprint):
    path = write_blueprint(
        ("  Production:\n", "  Prod:\n"),
        ("    ous: [Production]\n", "    ous: [Prod]\n"),
    )
    (warning,) = _warnings(path, _previous())
    assert warning.path == "organizational_units.Prod"
    assert "OU 'Production' is gone" in warning.message
    assert "new OUs with new ids" in warning.message


def test_a_permission_set_and_a_group_renamed_without_renamed_from_warn(write_blueprint):
    path = write_blueprint(
        ("  Admin:\n", "  Administrator:\n"),
        ("    permission_set: Admin\n", "    permission_set: Administrator\n"),
        (
            "  admins: {display_name: AWS-Admins}\n",
            "  platform-admins: {display_name: AWS-Admins}\n",
        ),
        ("  - group: admins\n", "  - group: platform-admins\n"),
    )
    warnings = {w.path: w.message for w in _warnings(path, _previous())}
    assert set(warnings) == {"permission_sets.Administrator", "groups.platform-admins"}
    assert "cannot rename a set" in warnings["permission_sets.Administrator"]
    assert "members lose that access" in warnings["groups.platform-admins"]


def test_previous_keys_read_from_a_plan_match_the_blueprint_it_was_made_from(prod_export):
    from_plan = PreviousKeys.from_export(prod_export, "plan")
    from_blueprint = PreviousKeys.from_blueprint(load_blueprint(str(PROD), today=TODAY), "file")
    for kind in ("accounts", "protected_accounts", "ous", "permission_sets"):
        assert getattr(from_plan, kind) == getattr(from_blueprint, kind), kind
    # Only groups with an assignment name resources: those are the ones a plan shows.
    assert from_plan.groups and from_plan.groups <= from_blueprint.groups
