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
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple, cast

from django.conf import settings
from django.db import IntegrityError, connections, router, transaction
from django.db.models import FilteredRelation, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hromada.core.calendar.working_days import to_kyiv_date
from hromada.core.errors import Conflict, ValidationFailed
from hromada.core.identity.guard import require
from hromada.core.identity.models import VerifiedIdentity
from hromada.core.identity.policies import has_verified_identity, is_resident, strong_identity
from hromada.core.phases import Schedule
from hromada.core.prepared import PreparedInsert, PreparedRows, columns, instance
from hromada.core.transparency.record import transparency_entry, transparency_record_many

from .ballot_rules import ballot_errors
from .models import (
    MAX_CHOICES,
    Ballot,
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
# The event a cast ballot leaves on the community's transparency log (core.transparency, issue 17).
CAST_EVENT = "budgets.ballot.cast"


# The reads and writes of every ballot, compiled once (core.prepared, ADR 0011): building querysets cost more than
# the database answering them (bench/budgets_voting.py).
_IDENTITY = PreparedRows(VerifiedIdentity, lambda user_id: VerifiedIdentity.objects.filter(user_id=user_id)
                         .values_list("subject_hash", "birth_date"), user_id=int)
_FUNDS = {model: PreparedRows(model, lambda cycle_id, pk, model=model: model.objects.filter(cycle_id=cycle_id, pk=pk)
                              .values_list(*columns(model)), cycle_id=int, pk=int) for model in (Category, District)}
_OPTION_COLUMNS = ("id", "cost", "corrected_cost")


class Option(NamedTuple):
    """A project on a fund's ballot as a ballot needs it: its number and what it costs on the ballot (three columns
    read with the fund, not a Project instance: building one cost more than reading it)."""

    pk: int
    cost: int
    corrected_cost: int | None

    @property
    def ballot_cost(self) -> int:
        return self.cost if self.corrected_cost is None else self.corrected_cost


_OPTIONS = {
    Category: PreparedRows(Project, lambda fund_id: Project.objects.filter(
        category_id=fund_id, district__isnull=True, status__in=ON_BALLOT_STATUSES).values_list(*_OPTION_COLUMNS),
        fund_id=int),
    District: PreparedRows(Project, lambda fund_id: Project.objects.filter(
        district_id=fund_id, status__in=ON_BALLOT_STATUSES).values_list(*_OPTION_COLUMNS), fund_id=int),
}
_SCOPE_MODELS: dict[str, type[Category] | type[District]] = {"c": Category, "d": District}
# The fund and its options in one read (a LEFT JOIN: a fund without options is one row of NULL options), for the
# service that casts a ballot.
_ON_BALLOT = {Category: Q(projects__district__isnull=True, projects__status__in=ON_BALLOT_STATUSES),
              District: Q(projects__status__in=ON_BALLOT_STATUSES)}
_FUND_BALLOTS = {model: PreparedRows(
    model, lambda cycle_id, pk, model=model: model.objects.filter(cycle_id=cycle_id, pk=pk)
    .annotate(option=FilteredRelation("projects", condition=_ON_BALLOT[model])).order_by("option__id")
    .values_list(*columns(model), *(f"option__{name}" for name in _OPTION_COLUMNS)), cycle_id=int, pk=int)
    for model in (Category, District)}


class _NewBallot(PreparedInsert):
    """The ballot's INSERT with ON CONFLICT DO NOTHING (SQLite and PostgreSQL): a row the unique index refuses
    comes back as no row instead of an error, so the insert needs no savepoint around it (two statements fewer
    in every ballot's transaction, and on PostgreSQL no aborted transaction to roll back to)."""

    def _statement(self, alias: str, rows: int) -> str:
        return super()._statement(alias, rows).replace(" RETURNING ", " ON CONFLICT DO NOTHING RETURNING ", 1)

    def added(self, ballot: Ballot) -> bool:
        """Insert the ballot; False (and nothing written) when a unique index already holds its key or receipt."""
        alias = router.db_for_write(Ballot)
        connection = connections[alias]
        if not connection.features.can_return_rows_from_bulk_insert:  # pragma: no cover - SQLite and PostgreSQL can
            try:
                with transaction.atomic(using=alias):
                    ballot.save(force_insert=True, using=alias)
            except IntegrityError:
                return False
            return True
        values = [field.get_db_prep_save(field.pre_save(ballot, True), connection) for field in self.fields]
        with connection.cursor() as cursor:
            cursor.execute(self._statement(alias, 1), values)
            row = cursor.fetchone()
        if row is None:
            return False
        ballot.pk = row[0]
        ballot._state.adding, ballot._state.db = False, alias
        return True


_BALLOT_ROWS = _NewBallot(Ballot)


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
    """`length` characters of ALPHABET, uniformly random (one draw, written in base 31), grouped in two halves."""
    number, chars = secrets.randbelow(len(ALPHABET) ** length), []
    for _position in range(length):
        number, digit = divmod(number, len(ALPHABET))
        chars.append(ALPHABET[digit])
    raw = "".join(chars)
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
    if strong is not None and not cycle.min_age:
        # A person has one verified identity (one-to-one): the strong one the policy read is it, subject and all.
        return Voter(person_key(cycle.pk, strong[0]))
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

def _scope_model(scope: str) -> tuple[type[Category] | type[District], int | None]:
    kind, number = (scope or "")[:1], (scope or "")[1:]
    model: type[Category] | type[District] | None = _SCOPE_MODELS.get(kind)
    if model is None or not number.isdigit():
        raise ValidationFailed(fields={"scope": [_("Choose a category or a district of this cycle.")]})
    return model, int(number) if len(number) < 10 else None


def _no_such_fund() -> ValidationFailed:
    return ValidationFailed(fields={"scope": [_("There is no such category or district in this cycle.")]})


def fund_for(cycle: Cycle, scope: str) -> Category | District:
    """The fund a scope names ("c<id>": a category, "d<id>": a district or school) in this cycle."""
    model, pk = _scope_model(scope)
    rows = _FUNDS[model].rows(cycle_id=cycle.pk, pk=pk) if pk is not None else []
    if not rows:
        raise _no_such_fund()
    return cast("Category | District", instance(model, columns(model), rows[0]))


# A fund with its options as the cast path read it, per process, for a second (ADR 0025): in a surge every ballot
# of a fund would otherwise read the same rows. A fund's money and rule cannot change once voting is open
# (fund_save), so what a second can miss is a project reviewed or moved during voting, which the services of this
# process drop at once (forget_funds) and other processes within the second; the tally counts only projects still
# on the ballot. Keyed by the cycle's creation time too, so a reused id (a rolled-back test) never matches.
FUND_CACHE_SECONDS = 1.0
_FUND_CACHE: dict[tuple, tuple[float, Category | District, dict[int, tuple]]] = {}


def forget_funds() -> None:
    """Drop this process's cached funds, now and when the caller's transaction commits (a ballot cast meanwhile
    in another thread would cache what it read before the commit): called by every service that changes a fund or
    a project's place, status or cost on a ballot."""
    _FUND_CACHE.clear()
    transaction.on_commit(_FUND_CACHE.clear)


def fund_ballot(cycle: Cycle, scope: str) -> tuple[Category | District, dict[int, tuple]]:
    """`fund_for` and the fund's options (rows for `ballot_projects`) in one read, or from this process's cache of
    the last second."""
    key = (router.db_for_read(Ballot), cycle.pk, cycle.created_at, scope)
    now = time.monotonic()
    cached = _FUND_CACHE.get(key)
    if cached is not None and cached[0] > now:
        return cached[1], cached[2]
    model, pk = _scope_model(scope)
    rows = _FUND_BALLOTS[model].rows(cycle_id=cycle.pk, pk=pk) if pk is not None else []
    if not rows:
        raise _no_such_fund()
    width = len(columns(model))
    fund = cast("Category | District", instance(model, columns(model), rows[0][:width]))
    options = {row[width]: row[width:] for row in rows if row[width] is not None}
    if len(_FUND_CACHE) > 1000:
        _FUND_CACHE.clear()
    _FUND_CACHE[key] = (now + FUND_CACHE_SECONDS, fund, options)
    return fund, options


def scope_key(fund: Category | District) -> str:
    return f"d{fund.pk}" if isinstance(fund, District) else f"c{fund.pk}"


def scope_fields(fund: Category | District) -> dict[str, Category | District]:
    """The fund as the scope fields of a ballot row (one of category and district)."""
    return {"district": fund} if isinstance(fund, District) else {"category": fund}


def ballot_projects(cycle: Cycle, fund: Category | District, project_ids: Iterable,
                    options: dict[int, tuple] | None = None) -> list[Option]:
    """The chosen projects, each once, on this fund's ballot; anything else is a field error naming it.
    `options` are the fund's options when already read (`fund_ballot`)."""
    try:
        ids = [int(pk) for pk in project_ids]
    except (TypeError, ValueError):
        raise ValidationFailed(fields={"projects": [_("Projects are given by their numbers.")]}) from None
    if len(ids) > MAX_CHOICES:
        raise ValidationFailed(fields={"projects": [_("Too many projects.")]})
    if len(set(ids)) != len(ids):
        raise ValidationFailed(fields={"projects": [_("A project may be chosen only once.")]})
    # Every option of the fund (a district's project is on its district's ballot, not its category's): a few dozen.
    if options is None:
        prepared = _OPTIONS[District] if isinstance(fund, District) else _OPTIONS[Category]
        options = {row[0]: row for row in prepared.rows(fund_id=fund.pk)}
    missing = [pk for pk in ids if pk not in options]
    if missing:
        raise ValidationFailed(fields={"projects": [_("Not on this ballot: project %(ids)s.")
                                                    % {"ids": ", ".join(map(str, missing))}]})
    return [Option(*options[pk]) for pk in ids]


def check_ballot(fund, projects: list[Option]) -> None:
    errors = ballot_errors(fund, [p.ballot_cost for p in projects])
    if errors:
        raise ValidationFailed(_("The ballot breaks the rule of %(fund)s.") % {"fund": fund.name},
                               code="ballot_rule", fields={"projects": errors})


def _already_voted() -> Conflict:
    return Conflict(_("You have already voted in this part of the budget."), code="already_voted")


def write_ballot(*, community, cycle: Cycle, fund, voter: Voter, projects: list[Option],
                 channel: str = Channel.ONLINE) -> Ballot:
    """In the caller's transaction: spend the code, insert the ballot with its choices (the unique index refuses a
    second one) and its entry on the transparency log, the outbox row the log appends later (ADR 0025)."""
    if voter.code is not None:
        spent = SchoolCode.objects.filter(pk=voter.code.pk, used_at__isnull=True, batch__district_id=fund.pk) \
            .update(used_at=timezone.now())
        if not spent:
            if voter.code.batch.district_id != fund.pk:
                raise ValidationFailed(fields={"code": [_("This code is for another school.")]})
            raise Conflict(_("This code has already been used to vote."), code="code_used")
    scope = scope_fields(fund)
    chosen = sorted(p.pk for p in projects)
    for _attempt in range(3):
        ballot = Ballot(community_id=community.pk, cycle_id=cycle.pk, voter_key=voter.key, channel=channel,
                        receipt=random_code(), project_ids=chosen,
                        **{f"{name}_id": value.pk for name, value in scope.items()})
        if _BALLOT_ROWS.added(ballot):
            break
        if Ballot.objects.filter(cycle=cycle, voter_key=voter.key, **scope).exists():
            raise _already_voted()
        # Otherwise a receipt collided (50 random bits): draw another.
    else:  # pragma: no cover - three collisions of 50-bit codes
        raise Conflict(code="receipt_collision")
    transparency_record_many([cast_entry(community, cycle, fund, ballot)])
    return ballot


def cast_entry(community, cycle: Cycle, fund, ballot: Ballot):
    """The transparency log's entry of a cast ballot: in clear only the cycle and the fund (what the public ballot
    list shows too); the ballot (receipt, channel, choices) and the voter (their key in this fund) only as keyed
    hashes (core.transparency.record hashes every data value). The voter's hash differs per fund and repeats
    nowhere else, so anyone can check that no voter appears twice in a fund without learning who voted."""
    scope = scope_key(fund)
    ids = ",".join(map(str, ballot.project_ids))
    return transparency_entry(community=community, type=CAST_EVENT, object_id=f"{cycle.pk}/{scope}",
                              data={"ballot": f"{scope}:{ballot.receipt}:{ballot.channel}:{ids}",
                                    "voter": f"{scope}:{ballot.voter_key}"})


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
