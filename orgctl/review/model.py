"""One line of the review: a person (or a role) and one access they hold in one account, with
what the review flags about it. The line's key is what a signed review and the next quarter's
review have in common, so a decision can follow its line from one quarter to the next."""

from __future__ import annotations

from dataclasses import dataclass

from orgctl.review.flags import Flag

GROUP_MEMBER = "group member"
DIRECT = "direct assignment"
IAM_USER = "IAM user"
BREAK_GLASS_USER = "break-glass user"
BREAK_GLASS_ROLE = "break-glass role"
OUTSIDE_TRUST = "role trusted from outside"
NOT_READ = "account not read"
KIND_ORDER = (
    GROUP_MEMBER,
    DIRECT,
    IAM_USER,
    BREAK_GLASS_USER,
    BREAK_GLASS_ROLE,
    OUTSIDE_TRUST,
    NOT_READ,
)


@dataclass(frozen=True)
class Account:
    id: str
    name: str
    owner: str  # the blueprint's owner, else the account's `owner` tag, else ''
    environment: str = ""


@dataclass(frozen=True)
class AccessLine:
    account: Account
    kind: str  # one of KIND_ORDER
    principal: str  # user name, IAM user name or role name
    display_name: str = ""
    via: str = ""  # the group, for group members
    access: str = ""  # permission set, credentials, or the outside principals trusted
    session: str = ""  # the permission set's session length (ISO 8601)
    last_used: str = ""  # a date, 'never', or '' where nothing says
    flags: tuple[Flag, ...] = ()

    @property
    def key(self) -> tuple[str, str, str, str, str]:
        return (self.account.id, self.kind, self.principal, self.via, self.access)

    def columns(self) -> dict[str, str]:
        """Who has what where, as the CSV and JSON packs both name it."""
        return {
            "account_id": self.account.id,
            "account": self.account.name,
            "owner": self.account.owner,
            "environment": self.account.environment,
            "access_type": self.kind,
            "principal": self.principal,
            "display_name": self.display_name,
            "via": self.via,
            "access": self.access,
            "session": self.session,
            "last_used": self.last_used,
        }

    @property
    def sort_key(self) -> tuple:
        return (
            self.account.owner,
            self.account.name,
            self.account.id,
            KIND_ORDER.index(self.kind),
            self.principal,
            self.via,
            self.access,
        )
