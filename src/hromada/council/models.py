"""Council data, shaped on Popolo 1.0: convocations, organizations (the council, factions, commissions), persons
(deputies), memberships, sessions and sittings, agenda items, draft decisions (motions), decisions, vote events and
votes. Every model is CommunityOwned; workflows live in services, metrics in metrics (they read Vote's indexes)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hromada.core.storage import random_name
from hromada.core.tenancy.models import Community, CommunityOwned

SOURCE_ID = {"max_length": 100, "blank": True, "default": ""}


def _unique_source(model: str) -> models.UniqueConstraint:
    """Imports match rows on the identifier their source gave them, so a re-import changes nothing."""
    return models.UniqueConstraint(fields=["community", "source_id"], condition=~models.Q(source_id=""),
                                   name=f"council_{model}_source_unique")


class Convocation(CommunityOwned):
    """Скликання: the council elected for one term."""

    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=200, blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    source_id = models.CharField(_("source identifier"), **SOURCE_ID)

    class Meta:
        verbose_name = _("convocation")
        verbose_name_plural = _("convocations")
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["community", "number"], name="council_convocation_number_unique"),
                       _unique_source("convocation")]

    def __str__(self) -> str:
        return self.name or str(self.number)


class OrganizationKind(models.TextChoices):
    COUNCIL = "council", _("council")
    FACTION = "faction", _("faction")
    COMMISSION = "commission", _("standing commission")


class Organization(CommunityOwned):
    """Popolo Organization: the council itself, a faction (with its party) or a standing commission."""

    kind = models.CharField(_("kind"), max_length=12, choices=OrganizationKind.choices)
    name = models.CharField(_("name"), max_length=300)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    party = models.CharField(_("party"), max_length=300, blank=True, help_text=_("For a faction: the party it stands for."))
    convocation = models.ForeignKey(Convocation, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="organizations", verbose_name=_("convocation"))
    founding_date = models.DateField(_("founded"), null=True, blank=True)
    dissolution_date = models.DateField(_("dissolved"), null=True, blank=True)
    source_id = models.CharField(_("source identifier"), **SOURCE_ID)

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["kind", "name"]
        constraints = [models.UniqueConstraint(fields=["community", "kind", "name", "convocation"],
                                               name="council_organization_name_unique"),
                       _unique_source("organization")]

    def __str__(self) -> str:
        return self.name


def photo_path(instance, filename: str) -> str:
    """A random public name: deputies' official photos are public like their names."""
    return random_name(f"council/{instance.community_id}/photos", extension=".jpg")


class Person(CommunityOwned):
    """A deputy (Popolo Person). The birth date is kept for matching imports only and never shown or exported:
    see docs/decisions/0018. Contacts are the official ones the council publishes."""

    family_name = models.CharField(_("family name"), max_length=100)
    given_name = models.CharField(_("given name"), max_length=100)
    additional_name = models.CharField(_("patronymic"), max_length=100, blank=True)
    gender = models.CharField(_("gender"), max_length=10, blank=True)
    birth_date = models.DateField(_("birth date (not public)"), null=True, blank=True)
    photo = models.FileField(_("photo"), upload_to=photo_path, blank=True, max_length=200)
    party = models.CharField(_("party"), max_length=300, blank=True)
    electoral_district = models.CharField(_("electoral district"), max_length=200, blank=True)
    email = models.EmailField(_("official email"), blank=True)
    phone = models.CharField(_("official phone"), max_length=50, blank=True)
    website = models.URLField(_("website"), blank=True)
    biography = models.TextField(_("biography"), blank=True)
    start_date = models.DateField(_("term start"), null=True, blank=True)
    end_date = models.DateField(_("term end"), null=True, blank=True)
    source_id = models.CharField(_("source identifier"), **SOURCE_ID)
    voting_identifier = models.CharField(_("voting system identifier"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("deputy")
        verbose_name_plural = _("deputies")
        ordering = ["family_name", "given_name", "pk"]
        constraints = [_unique_source("person")]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return " ".join(part for part in (self.family_name, self.given_name, self.additional_name) if part)


class MembershipRole(models.TextChoices):
    MEMBER = "member", _("member")
    CHAIR = "chair", _("chair")
    DEPUTY_CHAIR = "deputy_chair", _("deputy chair")
    SECRETARY = "secretary", _("secretary")


class Membership(CommunityOwned):
    """A person in an organization from start_date to end_date (open while null); a faction switch ends one
    membership and starts another."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=12, choices=MembershipRole.choices, default=MembershipRole.MEMBER)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    source_id = models.CharField(_("source identifier"), **SOURCE_ID)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["start_date", "pk"]
        constraints = [_unique_source("membership"),
                       models.CheckConstraint(condition=models.Q(end_date__isnull=True)
                                              | models.Q(end_date__gte=models.F("start_date")),
                                              name="council_membership_dates")]
        indexes = [models.Index(fields=["community", "person", "start_date"], name="council_membership_person")]

    def __str__(self) -> str:
        return f"{self.person} — {self.organization}"


class Session(CommunityOwned):
    """Сесія: numbered within a convocation; it may have several sittings (пленарні засідання)."""

    convocation = models.ForeignKey(Convocation, on_delete=models.PROTECT, related_name="sessions")
    number = models.PositiveIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=300, blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    source_id = models.CharField(_("source identifier"), **SOURCE_ID)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["-start_date", "-number"]
        constraints = [models.UniqueConstraint(fields=["community", "convocation", "number"],
                                               name="council_session_number_unique"),
                       _unique_source("session")]

    def __str__(self) -> str:
        return self.name or str(self.number)


class Sitting(CommunityOwned):
    """One plenary sitting of a session, on one day."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="sittings")
    number = models.PositiveSmallIntegerField(_("number"), default=1)
    date = models.DateField(_("date"))

    class Meta:
        verbose_name = _("sitting")
        verbose_name_plural = _("sittings")
        ordering = ["date", "number"]
        constraints = [models.UniqueConstraint(fields=["session", "number"], name="council_sitting_number_unique")]

    def __str__(self) -> str:
        return f"{self.session} / {self.number} ({self.date})"


class DraftStatus(models.TextChoices):
    REGISTERED = "registered", _("registered")
    IN_COMMISSION = "in_commission", _("in commission")
    ON_AGENDA = "on_agenda", _("on the agenda")
    ADOPTED = "adopted", _("adopted")
    REJECTED = "rejected", _("rejected")
    WITHDRAWN = "withdrawn", _("withdrawn")


FINAL_DRAFT_STATUSES = frozenset({DraftStatus.ADOPTED, DraftStatus.REJECTED, DraftStatus.WITHDRAWN})


class DraftDecision(CommunityOwned):
    """Проєкт рішення (Popolo Motion): registered, studied in a commission, put on the agenda, then adopted,
    rejected or withdrawn; every change is a DraftStatusChange."""

    convocation = models.ForeignKey(Convocation, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="drafts")
    number = models.CharField(_("number"), max_length=50)
    title = models.CharField(_("title"), max_length=1000)
    text = models.TextField(_("text"), blank=True)
    text_url = models.URLField(_("text link"), blank=True, max_length=500)
    authors = models.ManyToManyField(Person, blank=True, related_name="drafts", verbose_name=_("authors"))
    commission = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="drafts", verbose_name=_("responsible commission"))
    status = models.CharField(_("status"), max_length=15, choices=DraftStatus.choices, default=DraftStatus.REGISTERED)
    registered_on = models.DateField(_("registered on"))
    source_id = models.CharField(_("source identifier"), **SOURCE_ID)

    class Meta:
        verbose_name = _("draft decision")
        verbose_name_plural = _("draft decisions")
        ordering = ["-registered_on", "-pk"]
        constraints = [models.UniqueConstraint(fields=["community", "convocation", "number"],
                                               name="council_draft_number_unique"),
                       _unique_source("draft")]
        indexes = [models.Index(fields=["community", "status"], name="council_draft_status")]

    def __str__(self) -> str:
        return f"{self.number}: {self.title}"


class DraftStatusChange(CommunityOwned):
    draft = models.ForeignKey(DraftDecision, on_delete=models.CASCADE, related_name="history")
    status = models.CharField(_("status"), max_length=15, choices=DraftStatus.choices)
    date = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status history")
        ordering = ["date", "pk"]


def draft_file_path(instance, filename: str) -> str:
    return random_name(f"council/{instance.community_id}/drafts", filename)


class DraftFile(CommunityOwned):
    """A file of a draft decision (its text, explanatory note, annexes): public like the draft."""

    draft = models.ForeignKey(DraftDecision, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(_("file"), upload_to=draft_file_path, max_length=200)
    name = models.CharField(_("name"), max_length=200)
    size = models.PositiveIntegerField(default=0)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("draft file")
        verbose_name_plural = _("draft files")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class AgendaItem(CommunityOwned):
    sitting = models.ForeignKey(Sitting, on_delete=models.CASCADE, related_name="agenda")
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("title"), max_length=1000)
    draft = models.ForeignKey(DraftDecision, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="agenda_items", verbose_name=_("draft decision"))

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["sitting", "position"]
        constraints = [models.UniqueConstraint(fields=["sitting", "position"], name="council_agenda_position_unique")]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


class Decision(CommunityOwned):
    """An adopted decision (рішення), usually from a draft."""

    convocation = models.ForeignKey(Convocation, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="decisions")
    draft = models.OneToOneField(DraftDecision, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="decision")
    number = models.CharField(_("number"), max_length=50)
    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=1000)
    text_url = models.URLField(_("text link"), blank=True, max_length=500)
    source_id = models.CharField(_("source identifier"), **SOURCE_ID)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-date", "-pk"]
        constraints = [models.UniqueConstraint(fields=["community", "convocation", "number"],
                                               name="council_decision_number_unique"),
                       _unique_source("decision")]

    def __str__(self) -> str:
        return f"{self.number}: {self.title}"


class VoteResult(models.TextChoices):
    PASS = "pass", _("adopted")
    FAIL = "fail", _("not adopted")


class VoteEvent(CommunityOwned):
    """A roll-call vote (Popolo VoteEvent): number within its sitting, the question, the counts the source
    published (kept as published; the roll-call rows are Vote), and `free_vote` set by staff to keep it out of
    rebellions."""

    sitting = models.ForeignKey(Sitting, on_delete=models.CASCADE, related_name="vote_events")
    number = models.PositiveIntegerField(_("number in the sitting"))
    date = models.DateField(_("date"))
    start_time = models.DateTimeField(_("time"), null=True, blank=True)
    question = models.CharField(_("question"), max_length=1000)
    draft = models.ForeignKey(DraftDecision, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="vote_events", verbose_name=_("draft decision"))
    result = models.CharField(_("result"), max_length=4, choices=VoteResult.choices)
    yes_count = models.PositiveSmallIntegerField(_("for"), default=0)
    no_count = models.PositiveSmallIntegerField(_("against"), default=0)
    abstain_count = models.PositiveSmallIntegerField(_("abstained"), default=0)
    not_voting_count = models.PositiveSmallIntegerField(_("did not vote"), default=0)
    absent_count = models.PositiveSmallIntegerField(_("absent"), default=0)
    free_vote = models.BooleanField(_("free vote"), default=False,
                                    help_text=_("Factions did not set a line: left out of rebellions."))
    identifier = models.CharField(_("source identifier"), **SOURCE_ID)

    class Meta:
        verbose_name = _("vote event")
        verbose_name_plural = _("vote events")
        ordering = ["-date", "-number", "-pk"]
        constraints = [models.UniqueConstraint(fields=["community", "identifier"], condition=~models.Q(identifier=""),
                                               name="council_vote_event_identifier_unique"),
                       models.UniqueConstraint(fields=["sitting", "number"], name="council_vote_event_number_unique")]
        indexes = [models.Index(fields=["community", "date"], name="council_vote_event_date")]

    def __str__(self) -> str:
        return f"{self.date} №{self.number}: {self.question[:80]}"


class VoteOption(models.TextChoices):
    """Popolo's option words (Popolo writes "not voting" with a space: the export maps it)."""

    YES = "yes", _("for")
    NO = "no", _("against")
    ABSTAIN = "abstain", _("abstained")
    NOT_VOTING = "not_voting", _("did not vote")
    ABSENT = "absent", _("absent")
    # Popolo's "paired": away by agreement with a deputy of the other side. Counted as absent in every figure.
    PAIRED = "paired", _("paired")


PRESENT_OPTIONS = (VoteOption.YES, VoteOption.NO, VoteOption.ABSTAIN, VoteOption.NOT_VOTING)
ABSENT_OPTIONS = (VoteOption.ABSENT, VoteOption.PAIRED)


class Vote(CommunityOwned):
    """One deputy's vote in one vote event. Narrow on purpose (millions of rows): no text but the option word.
    `faction` is the voter's faction on the vote's date, written at import so metrics never join membership
    dates at read time (null: the deputy belonged to no faction then). `event_date` and `event_number` copy the
    vote event's date and number (every write path fills them; a vote event that moves updates its votes), so a
    deputy's newest votes are one index range read backwards, with no join (docs/decisions/0026).

    Three indexes only (each one is written on every insert of two million): the unique (vote_event, person) for
    a roll-call, the metrics and the import, (person, community, event_date, event_number, vote_event) for a
    deputy's votes in order, and faction's for the PROTECT check when a faction is deleted. No index starts with
    community here: SQLite without statistics chose a community-first index for `community = ? AND vote_event_id
    = ?` and read every vote of the council for one roll-call (docs/decisions/0026)."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+",
                                  verbose_name=_("community"), db_index=False)
    vote_event = models.ForeignKey(VoteEvent, on_delete=models.CASCADE, related_name="votes", db_index=False)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="votes", db_index=False)
    option = models.CharField(_("option"), max_length=10, choices=VoteOption.choices)
    faction = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    event_date = models.DateField(_("date"), editable=False)
    event_number = models.PositiveIntegerField(_("number in the sitting"), editable=False)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [models.UniqueConstraint(fields=["vote_event", "person"], name="council_vote_unique")]
        indexes = [models.Index(fields=["person", "community", "event_date", "event_number", "vote_event"],
                                name="council_vote_person_date")]

    def __str__(self) -> str:
        return f"{self.person_id}: {self.option}"


from .models_metrics import *  # noqa: E402,F401,F403 - the stored metrics (F2), found by migrations
