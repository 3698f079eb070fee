"""What an import found, kept with the blueprint data it wrote: each note says where in the
blueprint its comment stands and which kind of difference it is."""

from __future__ import annotations

from dataclasses import dataclass, field

CANNOT_EXPRESS = "cannot-express"
BREAKS_RULE = "breaks-rule"
REVIEW = "review"
KINDS = {
    CANNOT_EXPRESS: "the blueprint cannot express it: left out",
    BREAKS_RULE: "it breaks a rule of the blueprint or the policy pack: kept, see the comment",
    REVIEW: "a choice import made: review it",
}


@dataclass(frozen=True, order=True)
class Note:
    kind: str
    where: tuple[str, ...]  # the blueprint path the comment stands above
    message: str


@dataclass
class Draft:
    document: dict
    notes: list[Note] = field(default_factory=list)
    account_keys: dict[str, str] = field(default_factory=dict)  # account id -> key
    scp_keys: dict[str, str] = field(default_factory=dict)  # live SCP id -> blueprint key
    group_keys: dict[str, str] = field(default_factory=dict)  # group id -> key

    def note(self, kind: str, where: tuple[str, ...], message: str) -> None:
        self.notes.append(Note(kind, where, message))
