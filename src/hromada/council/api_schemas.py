"""The council API's request and response schemas (api.py): figures with their definitions in the field
descriptions, so the OpenAPI document carries the metric definitions beside the numbers."""


from datetime import date

from ninja import Field, Schema

from hromada.core.api.schemas import MAX_ID
from hromada.core.tenancy.urls import community_path

from .models import DraftStatus, VoteOption, VoteResult
from .selectors import Figures, Period

MONTH = r"^\d{4}-\d{2}$"


class PeriodIn(Schema):
    from_: str = Field("", alias="from", pattern=MONTH, description="First month, YYYY-MM (empty: from the start).")
    to: str = Field("", pattern=MONTH, description="Last month, YYYY-MM, included (empty: to date).")

    def period(self) -> Period:
        return Period.parse(self.from_, self.to)


class FiguresOut(Schema):
    possible: int = Field(description="Vote events whose roll-call lists the deputy (absent included).")
    attended: int = Field(description="Of those, present: for, against, abstained or did not vote.")
    attendance: float | None = Field(description="attended / possible (0-1); null without votes.")
    yes: int
    no: int
    abstain: int
    not_voting: int
    absent: int
    countable: int = Field(description="Present votes in a faction with a line, free votes left out.")
    rebellions: int = Field(description="Of the countable votes, those other than the faction line.")
    rebellion_rate: float | None = Field(description="rebellions / countable (0-1).")
    discipline: float | None = Field(description="1 - rebellion_rate.")


class OrgRef(Schema):
    id: int
    name: str


class DeputyOut(Schema):
    id: int
    name: str
    family_name: str
    given_name: str
    additional_name: str
    party: str
    photo: str | None
    factions: list[OrgRef]
    commissions: list[OrgRef]
    figures: FiguresOut
    url: str

    @staticmethod
    def resolve_photo(obj) -> str | None:
        return obj.photo.url if obj.photo else None

    @staticmethod
    def resolve_factions(obj) -> list[dict]:
        return [{"id": m.organization_id, "name": m.organization.name} for m in getattr(obj, "current_factions", [])]

    @staticmethod
    def resolve_commissions(obj) -> list[dict]:
        return [{"id": m.organization_id, "name": m.organization.name}
                for m in getattr(obj, "current_commissions", [])]

    @staticmethod
    def resolve_figures(obj) -> dict:
        return figures_dict(obj.figures if hasattr(obj, "figures") else Figures.of(obj))

    @staticmethod
    def resolve_url(obj) -> str:
        return community_path(obj.community, "council:deputy", obj.pk)


class MembershipOut(Schema):
    organization: OrgRef
    kind: str
    role: str
    start_date: date
    end_date: date | None

    @staticmethod
    def resolve_organization(obj) -> dict:
        return {"id": obj.organization_id, "name": obj.organization.name}

    @staticmethod
    def resolve_kind(obj) -> str:
        return obj.organization.kind


class DeputyDetailOut(DeputyOut):
    electoral_district: str
    email: str
    phone: str
    website: str
    biography: str
    start_date: date | None
    end_date: date | None
    drafts_authored: int
    drafts_adopted: int
    memberships: list[MembershipOut]

    @staticmethod
    def resolve_memberships(obj) -> list:
        return obj.membership_rows


class DeputyFilters(PeriodIn):
    q: str = Field("", max_length=200)
    faction: int | None = Field(None, ge=1, le=MAX_ID)
    commission: int | None = Field(None, ge=1, le=MAX_ID)
    sort: str = Field("name", pattern="^(name|attendance|rebellions)$")


class TimelineOut(Schema):
    label: str = Field(description="YYYY-MM, or YYYY when the period is longer than two years.")
    possible: int
    attended: int
    attendance: float | None
    countable: int
    rebellions: int
    rebellion_rate: float | None


class AgreementOut(Schema):
    id: int
    name: str
    both: int = Field(description="Votes where both were present (for a faction: the deputy present, a line).")
    same: int
    share: float | None


class VoteOut(Schema):
    vote_event_id: int
    date: date
    question: str
    option: str
    faction_id: int | None
    faction_line: str = Field(description="The faction's line in that vote; empty: none (tie, no faction).")
    free_vote: bool
    rebellion: bool


class VoteOptionFilter(PeriodIn):
    option: VoteOption | None = None


class FactionOut(Schema):
    id: int
    name: str
    short_name: str
    party: str
    members: int
    cohesion: float | None = Field(description="Mean Rice index |for - against| / (for + against) over votes.")
    attendance: float | None
    lines: int = Field(description="Vote events in which the faction had a line.")
    events: int = Field(description="Vote events in which the faction had members on the roll-call.")
    rebellions: int


class FactionAgreementOut(Schema):
    faction_id: int
    other_id: int
    both: int
    same: int
    share: float | None


class CommissionOut(Schema):
    id: int
    name: str
    members: int


class MemberOut(Schema):
    id: int
    name: str
    role: str
    start_date: date


class OrganizationDetailOut(Schema):
    id: int
    name: str
    kind: str
    members: list[MemberOut]


class SessionOut(Schema):
    id: int
    number: int
    name: str
    convocation: int
    start_date: date
    end_date: date | None
    votes: int

    @staticmethod
    def resolve_convocation(obj) -> int:
        return obj.convocation.number


class VoteEventOut(Schema):
    id: int
    date: date
    number: int
    question: str
    result: str
    yes_count: int
    no_count: int
    abstain_count: int
    not_voting_count: int
    absent_count: int
    free_vote: bool
    draft_id: int | None
    session_id: int

    @staticmethod
    def resolve_session_id(obj) -> int:
        return obj.sitting.session_id


class RollCallVoteOut(Schema):
    deputy_id: int
    name: str
    option: str
    rebellion: bool


class RollCallGroupOut(Schema):
    faction: OrgRef | None
    line: str
    counts: dict[str, int]
    votes: list[RollCallVoteOut]


class VoteEventDetailOut(VoteEventOut):
    roll_call: list[RollCallGroupOut]


class VoteFilters(PeriodIn):
    q: str = Field("", max_length=200)
    result: VoteResult | None = None
    session: int | None = Field(None, ge=1, le=MAX_ID)
    draft: int | None = Field(None, ge=1, le=MAX_ID)


class DraftOut(Schema):
    id: int
    number: str
    title: str
    status: str
    registered_on: date
    commission_id: int | None
    authors: list[OrgRef]

    @staticmethod
    def resolve_authors(obj) -> list[dict]:
        return [{"id": a.pk, "name": a.name} for a in obj.authors.all()]


class StatusChangeOut(Schema):
    status: str
    date: date
    note: str


class DraftDetailOut(DraftOut):
    text: str
    text_url: str
    history: list[StatusChangeOut]

    @staticmethod
    def resolve_history(obj) -> list:
        return list(obj.history.all())


class DraftFilters(Schema):
    q: str = Field("", max_length=200)
    status: DraftStatus | None = None
    author: int | None = Field(None, ge=1, le=MAX_ID)
    commission: int | None = Field(None, ge=1, le=MAX_ID)


class CompareIn(PeriodIn):
    a: int = Field(..., ge=1, le=MAX_ID, description="The first deputy's id.")
    b: int = Field(..., ge=1, le=MAX_ID, description="The second deputy's id.")


class CompareOut(Schema):
    a: DeputyOut
    b: DeputyOut
    both: int
    same: int
    share: float | None


class SearchOut(Schema):
    deputies: list[OrgRef]
    drafts: list[DraftOut]
    vote_events: list[VoteEventOut]


def figures_dict(figures: Figures) -> dict:
    return {**vars(figures), "attendance": figures.attendance, "rebellion_rate": figures.rebellion_rate,
            "discipline": figures.discipline}
