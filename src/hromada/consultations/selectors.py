"""Every read of e-consultations that is more than a one-liner: lists (open, closed, search), one consultation with
its paragraphs and proposals, the answer queue, the report's counts, participants and the open-data rows."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from hromada.core import capabilities
from hromada.core.errors import NotFound
from hromada.core.identity.models import Role, User
from hromada.core.identity.policies import department_ids_of, has_role

from . import policies
from .models import PUBLIC_STATUSES, Answer, Consultation, Follower, Paragraph, Proposal, Status, Support

STATES = ("open", "closed", "draft")


def consultation_list(*, actor, community, state: str = "", q: str = "") -> QuerySet[Consultation]:
    """Public consultations, newest first; `state` "open" (taking proposals now), "closed" (ended or reported) or
    "draft" (only what the actor manages); `q` searches the title and summary."""
    rows = Consultation.objects.for_community(community).select_related("department")
    now = timezone.now()
    if state == "draft":
        rows = rows.filter(status=Status.DRAFT)
        if not has_role(actor, community, Role.ADMIN):
            rows = rows.filter(department_id__in=department_ids_of(actor, community))
    else:
        rows = rows.filter(status__in=PUBLIC_STATUSES)
    if state == "open":
        rows = rows.filter(status=Status.OPEN, closes_at__gt=now)
    elif state == "closed":
        rows = rows.filter(Q(status__in=(Status.CLOSED, Status.REPORTED)) | Q(status=Status.OPEN, closes_at__lte=now))
    q = (q or "").strip().casefold()[:100]
    if q:
        rows = rows.filter(search_text__contains=q)
    return rows.order_by("-opens_at", "-pk")


def consultation_get(*, actor, community, consultation_id) -> Consultation:
    """One consultation; another community's, a draft the actor does not manage or none at all are one NotFound."""
    try:
        consultation = Consultation.objects.select_related("department").get(community=community,
                                                                              pk=int(consultation_id))
    except (Consultation.DoesNotExist, TypeError, ValueError):
        raise NotFound() from None
    if not policies.can_view(actor, community, consultation):
        raise NotFound()
    return consultation


def is_open_now(consultation) -> bool:
    now = timezone.now()
    return consultation.status == Status.OPEN and consultation.opens_at <= now < consultation.closes_at


def proposal_list(*, community, consultation) -> QuerySet[Proposal]:
    """Every proposal of the consultation, hidden ones included (shown as hidden), in the order they came."""
    return (Proposal.objects.for_community(community).filter(consultation=consultation)
            .select_related("paragraph").order_by("pk"))


def text_with_proposals(*, community, consultation) -> list[dict]:
    """The draft as it is shown: each paragraph with its proposals, then the new paragraphs proposed after it
    (those "after 0" come first, before paragraph 1). Two queries whatever the size."""
    by_paragraph: dict[int, list] = defaultdict(list)
    new_after: dict[int, list] = defaultdict(list)
    for proposal in proposal_list(community=community, consultation=consultation):
        if proposal.paragraph_id is not None:
            by_paragraph[proposal.paragraph_id].append(proposal)
        else:
            new_after[proposal.after_number].append(proposal)
    blocks = []
    if new_after.get(0):
        blocks.append({"paragraph": None, "proposals": [], "new_after": new_after[0], "number": 0,
                       "count": len(new_after[0])})
    for paragraph in consultation.paragraphs.order_by("number"):
        proposals, added = by_paragraph.get(paragraph.pk, []), new_after.get(paragraph.number, [])
        blocks.append({"paragraph": paragraph, "proposals": proposals, "new_after": added,
                       "number": paragraph.number, "count": len(proposals) + len(added)})
    return blocks


TOP = 3  # proposals shown per paragraph (and per "new paragraphs after it") on a consultation's page
RANKING = ("-support_count", "-has_answer", "pk")  # most supported, then answered, then oldest (ADR 0038)


def _ranked(rows: QuerySet[Proposal]) -> QuerySet[Proposal]:
    return rows.annotate(has_answer=Case(When(answer="", then=Value(0)), default=Value(1),
                                         output_field=IntegerField())).order_by(*RANKING)


def text_with_top_proposals(*, community, consultation, top: int = TOP) -> list[dict]:
    """The draft as the consultation's page shows it: each paragraph with how many proposals it has and only its
    `top` visible ones (and the `top` new paragraphs proposed after it), ranked by `RANKING`. Three queries whatever
    the size: the counts, the top rows (a window function) and the paragraphs."""
    counts: dict[tuple, int] = {}
    for row in (Proposal.objects.for_community(community).filter(consultation=consultation)
                .values("paragraph_id", "after_number").annotate(n=Count("pk")).order_by()):
        counts[(row["paragraph_id"], row["after_number"])] = row["n"]
    rank = Window(RowNumber(), partition_by=[F("paragraph_id"), F("after_number")],
                  order_by=[F("support_count").desc(), F("has_answer").desc(), F("pk").asc()])
    rows = (_ranked(Proposal.objects.for_community(community).filter(consultation=consultation, is_hidden=False))
            .annotate(rank=rank).filter(rank__lte=top))
    by_paragraph: dict[int, list] = defaultdict(list)
    new_after: dict[int, list] = defaultdict(list)
    for proposal in rows:
        if proposal.paragraph_id is not None:
            by_paragraph[proposal.paragraph_id].append(proposal)
        else:
            new_after[proposal.after_number].append(proposal)
    blocks = []
    if counts.get((None, 0)):
        blocks.append({"paragraph": None, "proposals": [], "new_after": new_after[0], "number": 0,
                       "count": counts[(None, 0)]})
    for paragraph in consultation.paragraphs.order_by("number"):
        count = counts.get((paragraph.pk, None), 0) + counts.get((None, paragraph.number), 0)
        blocks.append({"paragraph": paragraph, "proposals": by_paragraph.get(paragraph.pk, []),
                       "new_after": new_after.get(paragraph.number, []), "number": paragraph.number,
                       "count": count})
    return blocks


def paragraph_get(*, consultation, number) -> Paragraph | None:
    """Paragraph `number` of the consultation, None for 0 (before the first); NotFound when there is no such one."""
    try:
        number = int(number)
    except (TypeError, ValueError):
        raise NotFound() from None
    if number == 0:
        return None
    found = consultation.paragraphs.filter(number=number).first()
    if found is None:
        raise NotFound()
    return found


def paragraph_proposals(*, community, consultation, number: int) -> QuerySet[Proposal]:
    """Every proposal on paragraph `number` and every new paragraph proposed after it, hidden ones included (shown
    as hidden), in the page's ranking: for the per-paragraph page, paginated."""
    rows = Proposal.objects.for_community(community).filter(consultation=consultation)
    rows = rows.filter(Q(paragraph__number=number) | Q(paragraph__isnull=True, after_number=number))
    return _ranked(rows)


def supported_ids(*, user, consultation) -> set[int]:
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(Support.objects.filter(user=user, proposal__consultation=consultation)
               .values_list("proposal_id", flat=True))


def is_following(*, user, consultation) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and Follower.objects.filter(
        consultation=consultation, user=user).exists()


def report_counts(*, consultation) -> dict:
    """How many proposals, by answer and hidden, and how many supports in all (the report's numbers)."""
    totals = Proposal.objects.filter(consultation=consultation).aggregate(
        proposals=Count("pk"), hidden=Count("pk", filter=Q(is_hidden=True)),
        accepted=Count("pk", filter=Q(answer=Answer.ACCEPTED, is_hidden=False)),
        partly=Count("pk", filter=Q(answer=Answer.PARTLY, is_hidden=False)),
        rejected=Count("pk", filter=Q(answer=Answer.REJECTED, is_hidden=False)),
        unanswered=Count("pk", filter=Q(answer="", is_hidden=False)),
        authors=Count("author", distinct=True))
    totals["supports"] = Support.objects.filter(proposal__consultation=consultation).count()
    return totals


def participants(*, consultation) -> Iterator[User]:
    """Everyone to tell about the report: authors of proposals, supporters and followers, each once."""
    ids = set(Proposal.objects.filter(consultation=consultation).values_list("author_id", flat=True))
    ids |= set(Support.objects.filter(proposal__consultation=consultation).values_list("user_id", flat=True))
    ids |= set(Follower.objects.filter(consultation=consultation).values_list("user_id", flat=True))
    return User.objects.filter(pk__in=ids).order_by("pk").iterator()


def answer_queue(*, actor, community) -> QuerySet[Proposal]:
    """Visible, unanswered proposals of public consultations whose department the actor answers for (all of them
    for admins), oldest first."""
    rows = (Proposal.objects.for_community(community)
            .filter(is_hidden=False, answer="", consultation__status__in=(Status.OPEN, Status.CLOSED))
            .select_related("consultation", "paragraph"))
    if not has_role(actor, community, Role.ADMIN):
        rows = rows.filter(consultation__department_id__in=department_ids_of(actor, community))
    return rows.order_by("consultation__closes_at", "pk")


def proposal_open_data_rows(community) -> Iterator[dict]:
    """Every proposal of public consultations with its answer; hidden ones without their text; no author names."""
    rows = (Proposal.objects.for_community(community).filter(consultation__status__in=PUBLIC_STATUSES)
            .select_related("consultation", "paragraph").order_by("pk"))
    for proposal in rows.iterator(chunk_size=1000):
        yield {
            "id": proposal.pk, "consultation_id": proposal.consultation_id,
            "consultation_title": proposal.consultation.title,
            "paragraph": proposal.paragraph.number if proposal.paragraph_id else None,
            "new_paragraph_after": proposal.after_number, "kind": proposal.kind,
            "text": "" if proposal.is_hidden else proposal.text, "hidden": proposal.is_hidden,
            "hidden_reason": proposal.hidden_reason, "supports": proposal.support_count,
            "submitted_at": proposal.created_at.isoformat(), "answer": proposal.answer,
            "answer_reason": proposal.answer_reason,
            "answered_at": proposal.answered_at.isoformat() if proposal.answered_at else None,
        }


COUNCIL = "council"


def council_source(draft_id: int) -> str:
    """What a consultation opened from a council draft decision keeps in `source`: one per draft."""
    return f"{COUNCIL}:draft:{draft_id}"


def council_draft_get(*, community, draft_id):
    """A draft decision of the council capability, read through its public selectors: NotFound when that capability
    is not installed or not enabled for the community, so consultations work the same without it."""
    try:
        capabilities.manifest(COUNCIL)
    except KeyError:
        raise NotFound() from None
    if not community.capability_enabled(COUNCIL):
        raise NotFound()
    try:
        draft_id = int(draft_id)
    except (TypeError, ValueError):
        raise NotFound() from None
    return capabilities.resolve("hromada.council.selectors:draft_get")(community=community, draft_id=draft_id)


def council_draft_consultation(*, actor, community, draft_id: int) -> Consultation | None:
    """The consultation opened on a council draft decision, when there is one the actor may see."""
    found = (Consultation.objects.for_community(community).filter(source=council_source(draft_id))
             .order_by("pk").first())
    return found if found is not None and policies.can_view(actor, community, found) else None
