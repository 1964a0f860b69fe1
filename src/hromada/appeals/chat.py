"""Appeals in the community's chat assistant: file one step by step (category, text, place, photos, confirm),
follow one's own appeals, confirm that a problem was fixed or reopen it.

Filing is the same appeal_create service the web form and Open311 call, with the chat's linked account as the
author; it is the last step and its refusals are shown, so what the resident typed is never lost silently (the
draft stays in the chat's state until the service accepts it)."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hromada.assistant.engine.photos import fetch_photo
from hromada.assistant.engine.types import (
    Button,
    CapabilityDialog,
    Incoming,
    Kind,
    Photo,
    Reply,
    Rows,
    page_number,
    parse_payload,
)
from hromada.core.errors import DomainError, ValidationFailed

from . import policies, selectors, services
from .models import Source
from .services.lifecycle import MAX_DESCRIPTION

CATEGORIES_PAGE = 8
MINE_PAGE = 5


class AppealsDialog(CapabilityDialog):
    """Buttons: new, cats:<page>, cat:<category pk>, skip (no more photos), send, cancel, mine:<page>,
    show:<appeal id>, fixed:<id>, reopen:<id>. `state["step"]` is what the next typed message answers."""

    command = "appeals"
    capability = "appeals"
    unavailable = gettext_lazy("Appeals are not available in this community.")
    gone = gettext_lazy("This appeal is no longer available.")

    def menu_buttons(self) -> Rows:
        return ((Button(_("New appeal"), self.payload("new")), Button(_("My appeals"), self.payload("mine", 1))),)

    def route(self, message: Incoming) -> list[Reply]:
        if message.kind == Kind.BUTTON:
            _command, action, argument = parse_payload(message.payload)
            return self._button(action, argument)
        step = self.context.state.get("step")
        if step == "text" and message.kind == Kind.TEXT:
            return self._text(message.text)
        if step == "location":
            return self._location(message)
        if step == "photo" and message.kind == Kind.PHOTO and message.photo is not None:
            return self._photo(message)
        if step == "reason" and message.kind == Kind.TEXT:
            return self._reopen(self.context.state.get("appeal", ""), message.text)
        if step in ("category", "text", "photo", "confirm", "reason"):
            return self._prompt(step)
        return [Reply(_("Report a problem or see your appeals."), buttons=self.menu_buttons(),
                      link=Button(_("Appeals on the site"), url=self.context.url("appeals:list")))]

    def _button(self, action: str, argument: str) -> list[Reply]:
        state = self.context.state
        if action in ("new", "cats"):
            if self.context.user is None:
                return self._needs_link()
            state.clear()
            state["step"] = "category"
            return self._categories(argument if action == "cats" else "1")
        if action == "cat":
            return self._category(argument)
        if action == "skip" and state.get("step") == "photo":
            return self._summary()
        if action == "send" and state.get("step") == "confirm":
            return self._send()
        if action == "cancel":
            self.context.finish()
            return [Reply(_("The appeal was not sent."), buttons=self.menu_buttons())]
        if action == "mine":
            return self._mine(argument)
        if action == "show":
            return self._show(argument)
        if action == "fixed":
            return self._fixed(argument)
        if action == "reopen":
            self._appeal(argument)  # a stale or foreign id is "not found" before asking anything
            state.clear()
            state.update(step="reason", appeal=argument)
            return [Reply(_("What is still wrong? Your words go to the department with the reopened appeal."))]
        if state.get("step"):
            return self._prompt(state["step"])
        return [Reply(_("This button is out of date."), buttons=self.menu_buttons())]

    def _needs_link(self) -> list[Reply]:
        return self.needs_link(_("Appeals are filed in your name: link this chat to your Hromada account first."))

    def _prompt(self, step: str) -> list[Reply]:
        if step == "category":
            return self._categories("1")
        if step == "text":
            return [Reply(_("Describe the problem in a few sentences."))]
        if step == "location":
            return [Reply(_("Send the place on the map (the paperclip → Location)."), ask="location")]
        if step == "photo":
            return [Reply(_("Send a photo of the problem, or skip."), ask="photo",
                          buttons=((Button(_("No photo"), self.payload("skip")),),))]
        if step == "reason":
            return [Reply(_("What is still wrong? Your words go to the department with the reopened appeal."))]
        return self._summary()

    def _categories(self, page: str) -> list[Reply]:
        number = page_number(page)
        rows = list(selectors.categories(self.context.community).only("pk", "name")
                    [(number - 1) * CATEGORIES_PAGE:number * CATEGORIES_PAGE + 1])
        if not rows:
            self.context.finish()
            return [Reply(_("No categories are open for appeals yet."))]
        buttons = [(Button(category.name[:60], self.payload("cat", category.pk)),) for category in rows[:CATEGORIES_PAGE]]
        if len(rows) > CATEGORIES_PAGE:
            buttons.append((Button(_("More"), self.payload("cats", number + 1)),))
        buttons.append((Button(_("Cancel"), self.payload("cancel")),))
        return [Reply(_("What is the problem about?"), buttons=tuple(buttons))]

    def _category(self, argument: str) -> list[Reply]:
        state = self.context.state
        if state.get("step") not in ("category", "text", "location", "photo", "confirm"):
            return [Reply(_("This button is out of date."), buttons=self.menu_buttons())]
        category = selectors.categories(self.context.community).filter(pk=selectors.valid_id(argument) or 0).first()
        if category is None:
            return [Reply(_("This category is no longer available."))] + self._categories("1")
        state.update(category=category.code, category_name=category.name)
        if state.get("text"):  # changed the category at the confirmation: the rest is kept
            return self._summary()
        state["step"] = "text"
        return [Reply(_("%(category)s. Describe the problem in a few sentences.") % {"category": category.name})]

    def _text(self, text: str) -> list[Reply]:
        text = text.strip()
        if not text:
            return self._prompt("text")
        if len(text) > MAX_DESCRIPTION:
            return [Reply(_("That is too long: at most %(n)s characters, please shorten it.") % {"n": MAX_DESCRIPTION})]
        self.context.state.update(text=text, step="location")
        return self._prompt("location")

    def _location(self, message: Incoming) -> list[Reply]:
        if message.kind == Kind.LOCATION and message.latitude is not None and message.longitude is not None:
            self.context.state.update(lat=message.latitude, lon=message.longitude, step="photo", photos=[])
            return self._prompt("photo")
        if message.kind == Kind.TEXT and message.text.strip():
            self.context.state["address"] = message.text.strip()[:300]
            return [Reply(_("Thank you, the address is noted. Now send the place on the map, so the service "
                            "finds it."), ask="location")]
        return self._prompt("location")

    def _photo(self, message: Incoming) -> list[Reply]:
        state = self.context.state
        photos = state.setdefault("photos", [])
        photos.append(message.photo.channel_ref)
        if len(photos) >= self.context.community.setting("appeals", "max_photos"):
            return self._summary()
        return [Reply(_("Photo received. Send another one or go on."),
                      buttons=((Button(_("Go on"), self.payload("skip")),),), ask="photo")]

    def _summary(self) -> list[Reply]:
        state = self.context.state
        state["step"] = "confirm"
        lines = [_("Check your appeal:"), f"• {state.get('category_name', '')}",
                 f"• {Truncator(state.get('text', '')).chars(500)}"]
        if state.get("address"):
            lines.append(f"• {state['address']}")
        lines.append("• " + _("place on the map: %(lat).5f, %(lon).5f") % {"lat": state["lat"], "lon": state["lon"]})
        if state.get("photos"):
            lines.append("• " + _("photos: %(n)s") % {"n": len(state["photos"])})
        return [Reply("\n".join(lines), buttons=((Button(_("Send"), self.payload("send")),
                                                  Button(_("Cancel"), self.payload("cancel"))),))]

    def _send(self) -> list[Reply]:
        state, user = self.context.state, self.context.user
        if user is None:
            return self._needs_link()
        try:
            appeal = services.appeal_create(
                actor=user, community=self.context.community, category_code=state.get("category", ""),
                description=state.get("text", ""), lat=state.get("lat"), lon=state.get("lon"),
                address=state.get("address", ""), source=Source.CHATBOT,
                caller=self.rate_key())
        except ValidationFailed as exc:  # the draft stays: the resident corrects one step and sends again
            fields = set(exc.fields)
            state["step"] = ("category" if "category" in fields else "text" if "description" in fields
                             else "location" if fields & {"lat", "long", "lon"} else "confirm")
            return [Reply(self.refusal_text(exc)), *self._prompt(state["step"])]
        replies = [Reply(_("Your appeal %(index)s is registered. It will be answered by %(due)s.")
                         % {"index": appeal.registration_index,
                            "due": date_format(timezone.localtime(appeal.due_at), "d.m.Y")},
                         buttons=self.menu_buttons(), link=Button(_("Open on the site"),
                                                           url=self.context.url("appeals:detail", appeal.pk)))]
        replies += self._attach_photos(appeal, state.get("photos") or [])
        self.context.finish()
        return replies

    def _attach_photos(self, appeal, references: list[str]) -> list[Reply]:
        """The photos are fetched from the channel (the engine's fetch_photo: size-limited, re-encoded without
        metadata) and added after the appeal is registered, so a photo that cannot be read never costs the appeal."""
        if not references:
            return []
        max_bytes = self.context.community.setting("appeals", "photo_max_mb") * 2**20
        try:
            files = [SimpleUploadedFile(f"photo-{n}.jpg", fetch_photo(self.context, Photo(channel_ref=reference),
                                                                      max_bytes=max_bytes))
                     for n, reference in enumerate(references, start=1)]
            services.appeal_photos_add(actor=self.context.user, community=self.context.community,
                                       appeal_id=appeal.pk, photos=files)
        except DomainError as exc:
            return [Reply(self.refusal_text(exc) + "\n" + _("You can add photos on the appeal's page."))]
        return []

    def _appeal(self, argument: str):
        return selectors.appeal_get(community=self.context.community, user=self.context.user, appeal_id=argument)

    def _mine(self, page: str) -> list[Reply]:
        if self.context.user is None:
            return self._needs_link()
        number = page_number(page)
        rows = list(selectors.my_appeals(community=self.context.community, user=self.context.user)
                    [(number - 1) * MINE_PAGE:number * MINE_PAGE + 1])
        if not rows:
            return [Reply(_("You have no appeals yet.") if number == 1 else _("No more appeals."),
                          buttons=self.menu_buttons())]
        buttons = [(Button(f"{a.registration_index} · {a.get_status_display()}", self.payload("show", a.pk)),)
                   for a in rows[:MINE_PAGE]]
        if len(rows) > MINE_PAGE:
            buttons.append((Button(_("More"), self.payload("mine", number + 1)),))
        return [Reply(_("Your appeals:"), buttons=tuple(buttons))]

    def _show(self, argument: str) -> list[Reply]:
        appeal = self._appeal(argument)
        lines = [f"{appeal.registration_index} · {appeal.category.name}", appeal.get_status_display()]
        if appeal.due_at and not appeal.response_text:
            lines.append(_("Answer due by %(due)s") % {"due": date_format(timezone.localtime(appeal.due_at), "d.m.Y")})
        lines.append(Truncator(appeal.description).chars(300))
        if appeal.response_text:
            lines += ["", _("Answer:"), Truncator(appeal.response_text).chars(800)]
        buttons: tuple[tuple[Button, ...], ...] = ()
        user = self.context.user
        if policies.can_rate(user, appeal) or policies.can_reopen(user, appeal):
            row = []
            if policies.can_rate(user, appeal):
                row.append(Button(_("Fixed"), self.payload("fixed", appeal.pk)))
            if policies.can_reopen(user, appeal):
                row.append(Button(_("Not fixed: reopen"), self.payload("reopen", appeal.pk)))
            buttons = (tuple(row),)
        return [Reply("\n".join(lines), buttons=buttons,
                      link=Button(_("Open on the site"), url=self.context.url("appeals:detail", appeal.pk)))]

    def _fixed(self, argument: str) -> list[Reply]:
        if self.context.user is None:
            return self._needs_link()
        services.appeal_rate(actor=self.context.user, community=self.context.community,
                             appeal_id=selectors.valid_id(argument) or 0, rating=5,
                             comment=_("Confirmed as fixed in the chat."))
        return [Reply(_("Thank you for confirming that the problem is fixed."), buttons=self.menu_buttons())]

    def _reopen(self, argument: str, reason: str) -> list[Reply]:
        if self.context.user is None:
            return self._needs_link()
        self.context.finish()  # reopened or refused, the question is answered
        appeal = services.appeal_reopen(actor=self.context.user, community=self.context.community,
                                        appeal_id=selectors.valid_id(argument) or 0, reason=reason)
        return [Reply(_("Appeal %(index)s is open again, with a new term.") % {"index": appeal.registration_index},
                      buttons=self.menu_buttons())]
