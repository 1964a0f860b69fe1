"""What a ballot is made of, below the voting services: who may vote (age, residency, a school's code) and their
voter key, the fund a scope names, the projects on its ballot, the fund's rule, and the write of a ballot that the
database refuses a second time (ADR 0021). The services (services/voting.py, services/paper.py) call these.

The voter key is a keyed hash per cycle: of the person's verified identity (so two accounts of one person, or a paper
ballot and an online one, share it) or of a school's code. The unique index on (cycle, fund, voter key) is what
refuses a second ballot, also under concurrency; the checks before it only give a friendlier answer earlier."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import cast

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hromada.core.audit.services import audit_event, audit_record_many
from hromada.core.calendar.working_days import to_kyiv_date
from hromada.core.errors import Conflict, ValidationFailed
from hromada.core.identity.guard import require
from hromada.core.identity.models import VerifiedIdentity
from hromada.core.identity.policies import has_verified_identity, is_resident, strong_identity
from hromada.core.phases import Schedule
from hromada.core.prepared import PreparedInsert, PreparedRows, columns, instance

from .ballot_rules import ballot_errors
from .models import (
    Ballot,
    BallotChoice,
    Category,
    Channel,
    Cycle,
    District,
    Eligibility,
    Project,
    SchoolCode,
)
from .models.projects import ON_BALLOT_STATUSES

VOTING_PHASE = "voting"
# Codes and receipts are read aloud and typed on phones: no 0/O, 1/I/L.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
MAX_CHOICES = 200


# The reads and writes of every ballot, compiled once (core.prepared, ADR 0011): building querysets cost more than
# the database answering them (bench/budgets_voting.py).
_IDENTITY = PreparedRows(VerifiedIdentity, lambda user_id: VerifiedIdentity.objects.filter(user_id=user_id)
                         .values_list("subject_hash", "birth_date"), user_id=int)
_FUNDS = {model: PreparedRows(model, lambda cycle_id, pk, model=model: model.objects.filter(cycle_id=cycle_id, pk=pk)
                              .values_list(*columns(model)), cycle_id=int, pk=int) for model in (Category, District)}
_OPTION_COLUMNS = ("id", "cost", "corrected_cost", "category_id", "district_id", "cycle_id", "title")
_OPTIONS = {
    Category: PreparedRows(Project, lambda fund_id: Project.objects.filter(
        category_id=fund_id, district__isnull=True, status__in=ON_BALLOT_STATUSES).values_list(*_OPTION_COLUMNS),
        fund_id=int),
    District: PreparedRows(Project, lambda fund_id: Project.objects.filter(
        district_id=fund_id, status__in=ON_BALLOT_STATUSES).values_list(*_OPTION_COLUMNS), fund_id=int),
}
_SCOPE_MODELS: dict[str, type[Category] | type[District]] = {"c": Category, "d": District}
_BALLOT_ROWS, _CHOICE_ROWS = PreparedInsert(Ballot), PreparedInsert(BallotChoice)


def _keyed(cycle_id: int, kind: str, value: str) -> str:
    message = f"budgets:{cycle_id}:{kind}:{value}".encode()
    return hmac.new(settings.IDENTITY_HASH_KEY.encode(), message, hashlib.sha256).hexdigest()


def person_key(cycle_id: int, identity_hash: str) -> str:
    """The voter key of a person in one cycle, from their identity's keyed hash (ADR 0021)."""
    return _keyed(cycle_id, "person", identity_hash)


def normalise_code(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def school_code_hash(cycle_id: int, code: str) -> str:
    """How a school's code is kept (SchoolCode.code_hash) and the voter key of the student who holds it."""
    return _keyed(cycle_id, "code", normalise_code(code))


def random_code(length: int = 10) -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(length))
    return f"{raw[:length // 2]}-{raw[length // 2:]}"


def voting_open(cycle: Cycle, now=None) -> bool:
    window = Schedule.from_json(cycle.schedule).current(now)
    return window is not None and window.key == VOTING_PHASE


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


@dataclass(frozen=True)
class Voter:
    """Who casts a ballot, as the ballot knows them: a key, and for a student the code to spend with it."""

    key: str
    code: SchoolCode | None = None


# ---- eligibility -----------------------------------------------------------------------------------------------

def _check_age(cycle: Cycle, birth: date | None) -> None:
    if not cycle.min_age:
        return
    if birth is None:
        require(False, _("This cycle is open to people aged %(age)d or older, and your verified identity has no "
                         "birth date.") % {"age": cycle.min_age}, code="age_unknown")
    assert birth is not None  # noqa: S101 - require() raised otherwise
    require(age_on(birth, to_kyiv_date(timezone.now())) >= cycle.min_age,
            _("This cycle is open to people aged %(age)d or older.") % {"age": cycle.min_age}, code="too_young")


def identity_voter(actor, community, cycle: Cycle) -> Voter:
    """The voter key of a signed-in person, or PermissionDenied naming the unmet condition."""
    require(bool(getattr(actor, "is_authenticated", False)), _("Sign in to vote."), code="sign_in")
    require(cycle.eligibility != Eligibility.SCHOOL_CODE,
            _("Students vote in this school budget with the code their school gave them."), code="school_code_needed")
    strong = strong_identity(actor)
    if cycle.eligibility == Eligibility.STRONG_RESIDENT:
        require(strong is not None, _("Voting in this cycle needs a strong identity (BankID, ID.GOV.UA or a qualified "
                                      "e-signature)."), code="identity_required")
    require(has_verified_identity(actor), _("Verify your identity on your profile to vote."),
            code="identity_required")
    require(is_resident(actor, community), _("Only residents of the community may vote in this cycle."),
            code="not_resident")
    row = next(iter(_IDENTITY.rows(user_id=actor.pk)), None)
    require(row is not None, _("Verify your identity on your profile to vote."), code="identity_required")
    assert row is not None  # noqa: S101 - require() raised otherwise
    _check_age(cycle, row[1])
    return Voter(person_key(cycle.pk, row[0]))


def code_voter(cycle: Cycle, code: str) -> Voter:
    """The voter of a school's code: an unknown code is a field error, a spent one a conflict."""
    require(cycle.eligibility == Eligibility.SCHOOL_CODE, _("This cycle is not voted with school codes."),
            code="not_school_cycle")
    if not normalise_code(code):
        raise ValidationFailed(fields={"code": [_("Enter the code your school gave you.")]})
    key = school_code_hash(cycle.pk, code)
    row = SchoolCode.objects.filter(cycle=cycle, code_hash=key).select_related("batch").first()
    if row is None:
        raise ValidationFailed(fields={"code": [_("There is no such code in this school budget. Check it.")]})
    if row.used_at is not None:
        raise Conflict(_("This code has already been used to vote."), code="code_used")
    return Voter(key, row)


# ---- the ballot ------------------------------------------------------------------------------------------------

def fund_for(cycle: Cycle, scope: str) -> Category | District:
    """The fund a scope names ("c<id>": a category, "d<id>": a district or school) in this cycle."""
    kind, number = (scope or "")[:1], (scope or "")[1:]
    model: type[Category] | type[District] | None = _SCOPE_MODELS.get(kind)
    if model is None or not number.isdigit():
        raise ValidationFailed(fields={"scope": [_("Choose a category or a district of this cycle.")]})
    rows = _FUNDS[model].rows(cycle_id=cycle.pk, pk=int(number)) if len(number) < 10 else []
    if not rows:
        raise ValidationFailed(fields={"scope": [_("There is no such category or district in this cycle.")]})
    return cast("Category | District", instance(model, columns(model), rows[0]))


def scope_key(fund: Category | District) -> str:
    return f"d{fund.pk}" if isinstance(fund, District) else f"c{fund.pk}"


def scope_fields(fund: Category | District) -> dict[str, Category | District]:
    """The fund as the scope fields of a ballot row (one of category and district)."""
    return {"district": fund} if isinstance(fund, District) else {"category": fund}


def ballot_projects(cycle: Cycle, fund: Category | District, project_ids: Iterable) -> list[Project]:
    """The chosen projects, each once, on this fund's ballot; anything else is a field error naming it."""
    try:
        ids = [int(pk) for pk in project_ids]
    except (TypeError, ValueError):
        raise ValidationFailed(fields={"projects": [_("Projects are given by their numbers.")]}) from None
    if len(ids) > MAX_CHOICES:
        raise ValidationFailed(fields={"projects": [_("Too many projects.")]})
    if len(set(ids)) != len(ids):
        raise ValidationFailed(fields={"projects": [_("A project may be chosen only once.")]})
    # Every option of the fund (a district's project is on its district's ballot, not its category's): a few dozen.
    prepared = _OPTIONS[District] if isinstance(fund, District) else _OPTIONS[Category]
    options = {row[0]: row for row in prepared.rows(fund_id=fund.pk)}
    missing = [pk for pk in ids if pk not in options]
    if missing:
        raise ValidationFailed(fields={"projects": [_("Not on this ballot: project %(ids)s.")
                                                    % {"ids": ", ".join(map(str, missing))}]})
    return [cast(Project, instance(Project, _OPTION_COLUMNS, options[pk])) for pk in ids]


def check_ballot(fund, projects: list[Project]) -> None:
    errors = ballot_errors(fund, [p.ballot_cost for p in projects])
    if errors:
        raise ValidationFailed(_("The ballot breaks the rule of %(fund)s.") % {"fund": fund.name},
                               code="ballot_rule", fields={"projects": errors})


def _already_voted() -> Conflict:
    return Conflict(_("You have already voted in this part of the budget."), code="already_voted")


def write_ballot(*, community, cycle: Cycle, fund, voter: Voter, projects: list[Project],
                 channel: str = Channel.ONLINE) -> Ballot:
    """In the caller's transaction: spend the code, insert the ballot (the unique index refuses a second one) and
    its choices, and audit the cast without the voter (no actor, no key, no choices)."""
    if voter.code is not None:
        spent = SchoolCode.objects.filter(pk=voter.code.pk, used_at__isnull=True, batch__district_id=fund.pk) \
            .update(used_at=timezone.now())
        if not spent:
            if voter.code.batch.district_id != fund.pk:
                raise ValidationFailed(fields={"code": [_("This code is for another school.")]})
            raise Conflict(_("This code has already been used to vote."), code="code_used")
    scope = scope_fields(fund)
    for _attempt in range(3):
        ballot = Ballot(community=community, cycle=cycle, voter_key=voter.key, channel=channel,
                        receipt=random_code(), **scope)
        try:
            with transaction.atomic():  # a savepoint: a refused row undoes only itself
                _BALLOT_ROWS.insert([ballot])
            break
        except IntegrityError:
            if Ballot.objects.filter(cycle=cycle, voter_key=voter.key, **scope).exists():
                raise _already_voted() from None
            # Otherwise a receipt collided (50 random bits): draw another.
    else:  # pragma: no cover - three collisions of 50-bit codes
        raise Conflict(code="receipt_collision")
    _CHOICE_ROWS.insert([BallotChoice(community=community, ballot=ballot, project_id=p.pk) for p in projects])
    audit_record_many([audit_event(actor=None, community=community, action="budgets.ballot.cast", target=cycle,
                                   data={"scope": scope_key(fund), "channel": channel})])
    return ballot


_RNOKPP_WEIGHTS = (-1, 5, 7, 9, 4, 6, 10, 5, 7)
_RNOKPP_EPOCH = date(1899, 12, 31)  # the first five digits count days from here to the birth date


def rnokpp_birth_date(tax_number: str) -> date:
    """The birth date a valid RNOKPP encodes, or ValidationFailed on the field when it is not a valid one."""
    digits = [int(ch) for ch in tax_number if ch.isdigit()]
    if len(tax_number) != 10 or len(digits) != 10 or \
            sum(w * d for w, d in zip(_RNOKPP_WEIGHTS, digits, strict=False)) % 11 % 10 != digits[9]:
        raise ValidationFailed(fields={"tax_number": [_("Enter the voter's 10-digit tax number (RNOKPP); "
                                                        "its check digit does not match.")]})
    return _RNOKPP_EPOCH + timedelta(days=int(tax_number[:5]))
