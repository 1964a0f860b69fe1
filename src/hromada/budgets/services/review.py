"""The public feasibility review (feasible, not feasible with the reason, cost corrected) by the responsible
department, the author's reply thread under it, and the implementation of winners: updates, milestones, followers."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hromada.core.audit.services import audit_record
from hromada.core.errors import Conflict, NotFound, ValidationFailed
from hromada.core.identity.guard import require, service
from hromada.core.identity.models import Department, User
from hromada.core.notifications.services import notify
from hromada.core.tenancy.urls import community_path
from hromada.core.text import visible_length

from .. import policies
from ..ballots import forget_funds
from ..lookups import amount, as_int, own_project
from ..models import (
    ImplementationStatus,
    ImplementationUpdate,
    Milestone,
    Project,
    ProjectFollower,
    Review,
    ReviewDecision,
    ReviewMessage,
)
from ..models.projects import Status

TEXT_MAX = 5000


def _url(community, project: Project) -> str:
    return community_path(community, "budgets:project", project.pk)


def _authors(project: Project) -> list[User]:
    people = list(project.co_authors.all())
    return [project.author, *people] if project.author is not None else people


def _text(value, field: str, *, required: bool) -> str:
    text = str(value or "").strip()
    if required and not visible_length(text):
        raise ValidationFailed(fields={field: [_("This field is required.")]})
    if len(text) > TEXT_MAX:
        raise ValidationFailed(fields={field: [_("At most %(max)s characters.") % {"max": TEXT_MAX}]})
    return text


@service
def project_assign_department(*, actor, community, project_id: int, department_id: int | None) -> Project:
    require(policies.can_manage_cycles(actor, community), _("Only the community's admins assign departments."))
    department = None
    if department_id is not None:
        department = Department.objects.filter(community=community, pk=department_id).first()
        if department is None:
            raise ValidationFailed(fields={"department_id": [_("No such department.")]})
    with transaction.atomic():
        project = own_project(community, project_id, lock=True)
        project.department = department
        project.save(update_fields=["department", "updated_at"])
        audit_record(actor=actor, community=community, action="budgets.project.assigned", target=project,
                     data={"department": department_id})
    return project


@service
def review_record(*, actor, community, project_id: int, decision: str, reason: str = "",
                  corrected_cost: int | None = None) -> Review:
    """The department's public conclusion; "not feasible" needs the reason, "cost corrected" the new cost."""
    with transaction.atomic():
        project = own_project(community, project_id, lock=True)
        require(policies.can_review(actor, community, project), _("Only the responsible department reviews it."))
        if project.status not in (Status.SUBMITTED, Status.FEASIBLE, Status.NOT_FEASIBLE):
            raise Conflict(_("Only a submitted project is reviewed."), code="wrong_status")
        if decision not in ReviewDecision.values:
            raise ValidationFailed(fields={"decision": [_("Choose one of the offered values.")]})
        reason = _text(reason, "reason", required=decision != ReviewDecision.FEASIBLE)
        cost = None
        if decision == ReviewDecision.COST_CORRECTED:
            errors: dict[str, list[str]] = {}
            cost = amount(corrected_cost, "corrected_cost", errors, allow_zero=False)
            if errors:
                raise ValidationFailed(fields=errors)
        review = Review.objects.create(community=community, project=project, decision=decision, reason=reason,
                                       corrected_cost=cost, department=project.department,
                                       reviewer=actor if getattr(actor, "is_authenticated", False) else None)
        project.status = Status.NOT_FEASIBLE if decision == ReviewDecision.NOT_FEASIBLE else Status.FEASIBLE
        project.corrected_cost = cost
        project.save(update_fields=["status", "corrected_cost", "updated_at"])
        forget_funds()
        audit_record(actor=actor, community=community, action="budgets.project.reviewed", target=project,
                     data={"decision": decision, "corrected_cost": cost})
        notify(community=community, recipients=_authors(project), event="budgets.project.reviewed",
               title=gettext_lazy("Your project “{title}” was reviewed: {decision}"), url=_url(community, project),
               params={"title": project.title, "decision": review.get_decision_display()}, exclude=actor)
    return review


@service
def review_reply(*, actor, community, review_id: int, text: str) -> ReviewMessage:
    """The author's reply to a review (their right to answer it), or the reviewers' answer, in its public thread."""
    review = Review.objects.filter(community=community, pk=as_int(review_id)).select_related("project").first()
    if review is None:
        raise NotFound()
    project = review.project
    require(policies.can_reply_to_review(actor, community, project),
            _("Only the project's authors and its department write here."))
    text = _text(text, "text", required=True)
    by_staff = policies.can_review(actor, community, project) and not policies.is_author(actor, project)
    with transaction.atomic():
        message = ReviewMessage.objects.create(community=community, review=review, author=actor, by_staff=by_staff,
                                               text=text)
        audit_record(actor=actor, community=community, action="budgets.review.replied", target=project)
        recipients = _authors(project) if by_staff else ([review.reviewer] if review.reviewer_id else [])
        notify(community=community, recipients=recipients, event="budgets.review.replied",
               title=gettext_lazy("A new message on the review of “{title}”"), url=_url(community, project),
               params={"title": project.title}, exclude=actor)
    return message


@service
def implementation_update(*, actor, community, project_id: int, text: str, status: str, progress: int,
                          spent: int) -> ImplementationUpdate:
    """A winner's progress: status, percent done and money spent; every follower and author is told."""
    with transaction.atomic():
        project = own_project(community, project_id, lock=True)
        require(policies.can_update_implementation(actor, community, project),
                _("Only the responsible department reports on the works."))
        if project.status != Status.SELECTED:
            raise Conflict(_("Only a winning project is being built."), code="wrong_status")
        errors: dict[str, list[str]] = {}
        if status not in ImplementationStatus.values:
            errors["status"] = [_("Choose one of the offered values.")]
        try:
            progress = int(progress)
            if not 0 <= progress <= 100:
                raise ValueError
        except (TypeError, ValueError):
            errors["progress"] = [_("Give a whole percentage from 0 to 100.")]
        spent = amount(spent, "spent", errors)
        if errors:
            raise ValidationFailed(fields=errors)
        text = _text(text, "text", required=True)
        update = ImplementationUpdate.objects.create(community=community, project=project, author=actor
                                                     if getattr(actor, "is_authenticated", False) else None,
                                                     text=text, status=status, progress=progress, spent=spent)
        project.implementation_status, project.progress, project.spent = status, progress, spent
        project.save(update_fields=["implementation_status", "progress", "spent", "updated_at"])
        audit_record(actor=actor, community=community, action="budgets.project.progress", target=project,
                     data={"status": status, "progress": progress, "spent": spent})
        followers = [f.user for f in project.followers.select_related("user")]
        notify(community=community, recipients={u.pk: u for u in [*followers, *_authors(project)]}.values(),
               event="budgets.project.progress", title=gettext_lazy("News from the works on “{title}”: {progress}%"),
               url=_url(community, project), params={"title": project.title, "progress": progress}, exclude=actor,
               priority="low")
    return update


@service
def milestone_save(*, actor, community, project_id: int, title: str, due_on: date | None = None,
                   done_on: date | None = None, milestone_id: int | None = None, order: int = 0) -> Milestone:
    project = own_project(community, project_id)
    require(policies.can_update_implementation(actor, community, project),
            _("Only the responsible department plans the works."))
    title = str(title or "").strip()
    if not visible_length(title) or len(title) > 200:
        raise ValidationFailed(fields={"title": [_("Give a title of at most 200 characters.")]})
    for name, value in (("due_on", due_on), ("done_on", done_on)):
        if value is not None and not isinstance(value, date):
            raise ValidationFailed(fields={name: [_("Give a date.")]})
    with transaction.atomic():
        if milestone_id is None:
            milestone = Milestone.objects.create(community=community, project=project, title=title, due_on=due_on,
                                                 done_on=done_on, order=max(0, as_int(order)))
        else:
            found = Milestone.objects.filter(project=project, pk=as_int(milestone_id)).first()
            if found is None:
                raise ValidationFailed(fields={"milestone_id": [_("No such milestone.")]})
            found.title, found.due_on, found.done_on = title, due_on, done_on
            found.save()
            milestone = found
        audit_record(actor=actor, community=community, action="budgets.milestone.saved", target=project,
                     data={"milestone": milestone.pk, "done_on": done_on})
    return milestone


@service
def project_follow(*, actor, community, project_id: int, follow: bool = True) -> bool:
    """Follow (or stop following) a project's news; returns whether the person follows it now."""
    require(policies.can_follow(actor, community), _("Sign in to follow a project."))
    project = own_project(community, project_id)
    with transaction.atomic():
        if follow:
            try:
                with transaction.atomic():
                    ProjectFollower.objects.create(community=community, project=project, user=actor)
            except IntegrityError:
                pass
        else:
            ProjectFollower.objects.filter(project=project, user=actor).delete()
        audit_record(actor=actor, community=community, action="budgets.project.followed" if follow
                     else "budgets.project.unfollowed", target=project)
    return follow
