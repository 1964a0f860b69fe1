"""Participatory-budget voting in the community's chat assistant: the cycles open for voting, their funds, the
projects on a fund's ballot as buttons that select and unselect them (the choice kept in the chat's state, the
booth's own totals and rule checks shown after each press), a confirmation, then ballot_cast with the linked
account, exactly as the web booth casts it. Every ballot rule (approval, knapsack, threshold) is carried; a
school-code cycle is voted on the web page, where the code is typed into the booth."""

from __future__ import annotations

from django.utils.text import Truncator
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
from hromada.core.errors import DomainError, NotFound

from . import ballots as parts
from . import selectors
from . import voting_selectors as booth_selectors
from .models import Eligibility
from .services import voting

PAGE = 8


def _uah(kopiyky: int) -> str:
    return _("%(amount)s UAH") % {"amount": f"{kopiyky // 100:,}".replace(",", " ")}


class BudgetVotingDialog(CapabilityDialog):
    """Buttons: list, cycle:<cycle id>, fund:<cycle>.<scope>[.<page>], pick:<cycle>.<scope>.<project id>,
    read:<project id>, review:<cycle>.<scope>, cast:<cycle>.<scope>. `state["chosen"]` is the fund's selection
    ({"<cycle>.<scope>": [project ids]}); nothing is written until `cast`."""

    command = "budgets"
    capability = "budgets"
    unavailable = gettext_lazy("The participatory budget is not available in this community.")
    gone = gettext_lazy("This is no longer on the ballot.")

    def menu_buttons(self) -> Rows:
        return ((Button(_("Voting now"), self.payload("list")),),)

    def route(self, message: Incoming) -> list[Reply]:
        if message.kind != Kind.BUTTON:
            return self._cycles()
        _command, action, argument = parse_payload(message.payload)
        cycle_id, _dot, rest = argument.partition(".")
        scope, _dot, extra = rest.partition(".")
        if action == "cycle":
            return self._funds(self._cycle(cycle_id))
        if action == "fund":
            return self._booth(self._cycle(cycle_id), scope, extra)
        if action == "pick":
            return self._pick(self._cycle(cycle_id), scope, extra)
        if action == "read":
            return self._read(argument)
        if action == "review":
            return self._review(self._cycle(cycle_id), scope)
        if action == "cast":
            return self._cast(self._cycle(cycle_id), scope)
        return self._cycles()

    def _cycle(self, cycle_id: str):
        return selectors.cycle_get(actor=self.context.user, community=self.context.community, cycle_id=cycle_id)

    def _cycles(self) -> list[Reply]:
        cycles = [cycle for cycle in selectors.cycle_list(actor=self.context.user, community=self.context.community)[:20]
                  if parts.voting_open(cycle)]
        if not cycles:
            return [Reply(_("No participatory-budget voting is open now."),
                          link=Button(_("Participatory budget"), url=self.context.url("budgets:cycles")))]
        if len(cycles) == 1:
            return self._funds(cycles[0])
        return [Reply(_("Voting is open in:"), buttons=tuple((Button(cycle.title[:64], self.payload("cycle", cycle.pk)),)
                                                            for cycle in cycles))]

    def _refusal(self, cycle) -> str:
        """Why the linked person may not vote in this cycle ("" when they may), as the web booth tells it."""
        try:
            parts.identity_voter(self.context.user, self.context.community, cycle)
        except DomainError as refusal:
            return str(refusal.message)
        return ""

    def _voted(self, cycle) -> set[str]:
        try:
            voter = parts.identity_voter(self.context.user, self.context.community, cycle)
        except DomainError:
            return set()
        return booth_selectors.voted_scopes(cycle, voter.key)

    def _funds(self, cycle) -> list[Reply]:
        booth_page = Button(_("Vote on the site"), url=self.context.url("budgets:vote", cycle.pk))
        if not parts.voting_open(cycle):
            return [Reply(_("Voting in this cycle is not open."), link=booth_page)]
        if cycle.eligibility == Eligibility.SCHOOL_CODE:
            return [Reply(_("Students vote with their school's code on the site."), link=booth_page)]
        if self.context.user is None:
            return self.needs_link(_("To vote, link this chat to your Hromada account first."))
        refusal = self._refusal(cycle)
        if refusal:
            return [Reply(refusal + "\n" + _("A chat cannot verify identity: do it on the site."), link=booth_page)]
        voted = self._voted(cycle)
        buttons = tuple((Button(("✓ " if parts.scope_key(fund) in voted else "") + fund.name[:60],
                                self.payload("fund", f"{cycle.pk}.{parts.scope_key(fund)}")),)
                        for fund in booth_selectors.funds(cycle))
        return [Reply(_("%(title)s: choose a ballot (✓ — you have voted in it).") % {"title": cycle.title},
                      buttons=buttons, link=booth_page)]

    def _key(self, cycle, scope: str) -> str:
        return f"{cycle.pk}.{scope}"

    def _chosen(self, cycle, scope: str) -> list[int]:
        return list(self.context.state.get("chosen", {}).get(self._key(cycle, scope), []))

    def _booth(self, cycle, scope: str, page: str = "") -> list[Reply]:
        fund = booth_selectors.fund_get(cycle, scope)
        if self.context.user is None or not parts.voting_open(cycle) or self._refusal(cycle):
            return self._funds(cycle)  # says why this person cannot vote here, with the link to the web booth
        if scope in self._voted(cycle):
            return [Reply(_("You have already voted in “%(fund)s”.") % {"fund": fund.name}, buttons=self.menu_buttons())]
        current = booth_selectors.booth(cycle, fund, self._chosen(cycle, scope))
        number = page_number(page)
        shown = current.options[(number - 1) * PAGE:number * PAGE]
        if not current.options:
            return [Reply(_("There are no projects on this ballot."), buttons=self.menu_buttons())]
        totals = current.totals
        lines = [fund.name, _("Fund: %(fund)s. Chosen: %(count)s, %(spent)s.")
                 % {"fund": _uah(totals.fund), "count": totals.count, "spent": _uah(totals.spent)}]
        if totals.max_projects:
            lines.append(_("At most %(n)s projects.") % {"n": totals.max_projects})
        lines += current.errors if current.chosen else []
        buttons = [(Button(("✅ " if p.pk in current.chosen else "▫️ ") + f"{p.title[:40]} · {_uah(p.ballot_cost)}",
                           self.payload("pick", f"{cycle.pk}.{scope}.{p.pk}")),
                    Button("ℹ️", self.payload("read", p.pk))) for p in shown]
        if len(current.options) > number * PAGE:
            buttons.append((Button(_("More projects"), self.payload("fund", f"{cycle.pk}.{scope}.{number + 1}")),))
        if current.chosen and not current.errors:
            buttons.append((Button(_("Review my ballot"), self.payload("review", f"{cycle.pk}.{scope}")),))
        return [Reply("\n".join(lines), buttons=tuple(buttons))]

    def _pick(self, cycle, scope: str, project_id: str) -> list[Reply]:
        options = {p.pk for p in booth_selectors.ballot_options(cycle, booth_selectors.fund_get(cycle, scope))}
        if not (project_id.isascii() and project_id.isdigit()) or int(project_id) not in options:
            raise NotFound()
        chosen = self._chosen(cycle, scope)
        pk = int(project_id)
        chosen = [p for p in chosen if p != pk] if pk in chosen else [*chosen, pk]
        self.context.state.setdefault("chosen", {})[self._key(cycle, scope)] = chosen
        return self._booth(cycle, scope)

    def _read(self, project_id: str) -> list[Reply]:
        project = selectors.project_get(actor=self.context.user, community=self.context.community,
                                        project_id=project_id)
        text = "\n".join([project.title, _uah(project.ballot_cost), "",
                          Truncator(project.summary or project.description).chars(600)])
        return [Reply(text, link=Button(_("Open on the site"), url=self.context.url("budgets:project", project.pk)))]

    def _review(self, cycle, scope: str) -> list[Reply]:
        current = booth_selectors.booth(cycle, booth_selectors.fund_get(cycle, scope), self._chosen(cycle, scope))
        if current.errors or not current.chosen:
            return self._booth(cycle, scope)
        lines = [_("Your ballot in “%(fund)s”:") % {"fund": current.fund.name}]
        lines += [f"• {p.title} · {_uah(p.ballot_cost)}" for p in current.chosen_projects]
        lines += [_("Total: %(spent)s. A ballot cannot be changed once cast.") % {"spent": _uah(current.totals.spent)}]
        return [Reply("\n".join(lines), buttons=((Button(_("Cast my ballot"), self.payload("cast", f"{cycle.pk}.{scope}")),
                                                  Button(_("Change"), self.payload("fund", f"{cycle.pk}.{scope}"))),))]

    def _cast(self, cycle, scope: str) -> list[Reply]:
        user = self.context.user
        if user is None:
            return self._funds(cycle)
        ballot = voting.ballot_cast(
            actor=user, community=self.context.community, cycle=cycle, scope=scope,
            project_ids=self._chosen(cycle, scope),
            caller=self.rate_key())
        self.context.state.get("chosen", {}).pop(self._key(cycle, scope), None)
        return [Reply(_("Your ballot is cast. Receipt: %(receipt)s — keep it to find your ballot in the public list.")
                      % {"receipt": ballot.receipt}, buttons=self.menu_buttons(),
                      link=Button(_("Receipt on the site"), url=self.context.url("budgets:receipt", cycle.pk,
                                                                                   ballot.receipt)))]
