"""Quick polls in the community's chat assistant: the open ones, each question's options as buttons, the vote
through response_submit (the poll's own audience and one-response rules, the linked account as the respondent),
then the results when they are public.

A multiple-choice question shows its options as buttons that tick and untick (✓), and a "Done" button; the
choice is checked by the survey's own rules (at least / at most, required) before the next question.

A poll a chat cannot carry (questions other than single or multiple choice, a condition on an earlier answer, or an
area to show on a map) gets a link to its page instead: the chat never answers a question for the resident."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hromada.assistant.engine.types import (
    Button,
    CapabilityDialog,
    Incoming,
    Kind,
    Reply,
    Rows,
    page_number,
    parse_payload,
)
from hromada.core.errors import Conflict, NotFound

from . import policies, selectors, services
from .answers import clean_answers, field_name
from .models import Audience, Status
from .models import Kind as QuestionKind
from .results import survey_results

PAGE = 5
CHAT_KINDS = frozenset({QuestionKind.SINGLE, QuestionKind.MULTIPLE})
TICK = "✓ "


def _chat_can_carry(survey, questions) -> bool:
    return bool(questions) and not (survey.audience == Audience.RESIDENTS and survey.area) and all(
        question.kind in CHAT_KINDS and question.condition_question_id is None for question in questions)


class PollsDialog(CapabilityDialog):
    """Buttons: list:<page>, open:<survey id>, vote:<survey id>.<choice id> (a single choice), pick:<survey
    id>.<choice id> (ticks or unticks a multiple choice), done:<survey id>.<question id>, results:<survey id>.
    `state` holds the poll being answered, the answers given so far (question field -> choice id, or a list of
    them) and the options ticked on the current multiple-choice question (`picked`)."""

    command = "polls"
    capability = "surveys"
    unavailable = gettext_lazy("Polls are not available in this community.")
    gone = gettext_lazy("This poll is no longer available.")

    def not_found(self, exc: NotFound) -> list[Reply]:
        self.context.state.clear()
        return super().not_found(exc)

    def menu_buttons(self) -> Rows:
        return ((Button(_("Open polls"), self.payload("list", 1)),),)

    def route(self, message: Incoming) -> list[Reply]:
        if message.kind != Kind.BUTTON:
            if self.context.state.get("survey"):  # typed instead of pressing an option: ask the question again
                return self._question(self._survey(self.context.state["survey"]))
            return self._list("1")
        _command, action, argument = parse_payload(message.payload)
        if action == "open":
            self.context.state.clear()
            return self._open(argument)
        if action in ("vote", "pick", "done"):
            survey_id, _dot, item_id = argument.partition(".")
            survey = self._survey(survey_id)
            if str(self.context.state.get("survey")) != str(survey.pk):  # an earlier poll's message: start it
                opened = self._open(str(survey.pk))
                if self.context.state.get("survey") != survey.pk:
                    return opened
            return {"vote": self._vote, "pick": self._pick, "done": self._done}[action](survey, item_id)
        if action == "results":
            return self._results(self._survey(argument))
        return self._list(argument)

    def _survey(self, survey_id):
        return selectors.survey_get(actor=self.context.user, community=self.context.community, survey_id=survey_id)

    def _list(self, page: str) -> list[Reply]:
        number = page_number(page)
        rows = list(selectors.survey_list(actor=self.context.user, community=self.context.community,
                                          status=Status.OPEN, quick=True)[(number - 1) * PAGE:number * PAGE + 1])
        if not rows:
            return [Reply(_("There are no open polls now.") if number == 1 else _("No more polls."),
                          link=Button(_("All surveys"), url=self.context.url("surveys:list")))]
        buttons = [(Button(survey.title[:64], self.payload("open", survey.pk)),) for survey in rows[:PAGE]]
        if len(rows) > PAGE:
            buttons.append((Button(_("More"), self.payload("list", number + 1)),))
        return [Reply(_("Open polls:"), buttons=tuple(buttons))]

    def _open(self, survey_id: str) -> list[Reply]:
        survey = self._survey(survey_id)
        page = Button(_("Open on the site"), url=self.context.url("surveys:detail", survey.pk))
        if survey.status != Status.OPEN:
            return self._results(survey, _("This poll is closed."))
        if selectors.has_responded(actor=self.context.user, survey=survey):
            return self._results(survey, _("You have already answered this poll."))
        if not policies.is_in_audience(self.context.user, self.context.community, survey):
            if self.context.user is None:
                return self.needs_link(_("To vote, link this chat to your Hromada account first."))
            return [Reply(_("This poll is for %(audience)s. Confirm your identity or residence on the site.")
                          % {"audience": survey.get_audience_display()}, link=page)]
        if not _chat_can_carry(survey, selectors.survey_questions(survey)):
            return [Reply(_("“%(title)s” has questions a chat cannot show: answer it on the site.")
                          % {"title": survey.title}, link=page)]
        self.context.state.update(survey=survey.pk, answers={}, picked=[])
        return self._question(survey)

    def _question(self, survey) -> list[Reply]:
        question = self._current(survey)
        if question is None:
            return self._submit(survey)
        header = f"📊 {survey.title}\n\n" if not self.context.state.get("answers") else ""
        if question.kind == QuestionKind.MULTIPLE:
            picked = set(self.context.state.get("picked", []))
            buttons = [(Button(((TICK if option.pk in picked else "") + option.label)[:64],
                               self.payload("pick", f"{survey.pk}.{option.pk}")),) for option in question.options]
            buttons.append((Button(_("Done"), self.payload("done", f"{survey.pk}.{question.pk}")),))
            return [Reply(f"{header}{question.text}\n\n{_multiple_hint(question)}", buttons=tuple(buttons))]
        buttons = tuple((Button(option.label[:64], self.payload("vote", f"{survey.pk}.{option.pk}")),)
                        for option in question.options)
        return [Reply(f"{header}{question.text}", buttons=buttons)]

    def _current(self, survey):
        """The first question not answered yet, or None when all are."""
        answered = self.context.state.get("answers", {})
        return next((q for q in selectors.survey_questions(survey) if field_name(q) not in answered), None)

    def _vote(self, survey, choice_id: str) -> list[Reply]:
        question = next((q for q in selectors.survey_questions(survey)
                         if q.kind == QuestionKind.SINGLE and any(str(o.pk) == choice_id for o in q.options)), None)
        if question is None:
            return [Reply(_("This option is no longer available."))] + self._question(survey)
        self.context.state.setdefault("answers", {})[field_name(question)] = int(choice_id)
        return self._question(survey)

    def _pick(self, survey, choice_id: str) -> list[Reply]:
        question = self._current(survey)
        if question is None or question.kind != QuestionKind.MULTIPLE or not any(
                str(o.pk) == choice_id for o in question.options):
            return [Reply(_("This option is no longer available."))] + self._question(survey)
        picked = list(self.context.state.get("picked", []))
        chosen = int(choice_id)
        self.context.state["picked"] = [i for i in picked if i != chosen] if chosen in picked else [*picked, chosen]
        return self._question(survey)

    def _done(self, survey, question_id: str) -> list[Reply]:
        question = self._current(survey)
        if question is None or str(question.pk) != question_id:  # a stale "Done" of a question already answered
            return self._question(survey)
        name, picked = field_name(question), list(self.context.state.get("picked", []))
        _cleaned, errors = clean_answers([question], {question.pk: question.options}, {name: picked})
        if errors.get(name):  # the survey's own rules, word for word as the site says them
            return [Reply(str(errors[name][0]))] + self._question(survey)
        self.context.state.setdefault("answers", {})[name] = picked
        self.context.state["picked"] = []
        return self._question(survey)

    def _submit(self, survey) -> list[Reply]:
        user, answers = self.context.user, dict(self.context.state.get("answers", {}))
        self.context.finish()
        caller = self.rate_key()
        try:
            services.response_submit(actor=user, community=self.context.community, survey_id=survey.pk,
                                     answers=answers, caller=caller)
        except Conflict as exc:
            return self._results(survey, str(exc.message))
        return self._results(survey, _("Thank you, your answer is counted."))

    def _results(self, survey, heading: str = "") -> list[Reply]:
        page = Button(_("Results on the site"), url=self.context.url("surveys:results", survey.pk))
        if not policies.can_see_results(self.context.user, self.context.community, survey):
            return [Reply(heading or _("The results of this poll are not public."), buttons=self.menu_buttons())]
        lines = [heading] if heading else []
        for result in survey_results(survey=survey):
            lines.append(f"\n{result.question.text}")
            lines += [f"• {bar.label}: {bar.count} ({bar.percent:g}%)" for bar in result.rows]
        return [Reply("\n".join(lines).strip(), buttons=self.menu_buttons(), link=page)]


def _multiple_hint(question) -> str:
    if question.min_value and question.max_value:
        return _("Tick %(min)s to %(max)s options, then press Done.") % {"min": question.min_value,
                                                                        "max": question.max_value}
    if question.max_value:
        return _("Tick up to %(max)s options, then press Done.") % {"max": question.max_value}
    if question.min_value:
        return _("Tick at least %(min)s options, then press Done.") % {"min": question.min_value}
    return _("Tick one or more options, then press Done.")
