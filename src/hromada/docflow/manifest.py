"""What the document workflow offers the platform: its staff pages, API, per-community settings and demo data.

Discovered by hromada.core.capabilities; every dotted path here is checked at start-up (hromada.core.capability_checks)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from hromada.core import capabilities
from hromada.core.capabilities import CapabilityManifest, OpenDataExport, setting


@dataclass(frozen=True)
class DocflowSettings:
    """Each community's settings, edited in the back office (Communities → Services and settings)."""

    page_size: int = setting(50, _("Cards per page of a journal"), min_value=10, max_value=200)
    office_departments: str = setting(
        "Канцелярія", _("Office departments"),
        _("Short names of the departments whose officials register documents, separated by commas."))
    # Execution and control (docflow part 2, docs/docflow.md "For heads").
    resolver_positions: str = setting(
        "Міський голова, Селищний голова, Сільський голова, Заступник міського голови, Секретар ради, "
        "Керуючий справами", _("Positions that resolve documents"),
        _("Positions (as written in the officials' roles) whose holders write resolutions on any document, "
          "separated by commas. Admins always may; department heads resolve their department's documents."))
    control_departments: str = setting(
        "Канцелярія", _("Control office departments"),
        _("Short names of the departments that keep the control of execution and get the escalations."))
    reminder_days: str = setting(
        "3,1", _("Reminders before a deadline, working days"),
        _("Each number sends one reminder that many working days before the deadline, separated by commas."))


def docflow_settings(community) -> DocflowSettings:
    """This community's settings, typed: `docflow_settings(community).page_size`."""
    return capabilities.settings_for(community, "docflow")


MANIFEST = CapabilityManifest(
    slug="docflow",
    name=_("Document workflow"),
    description=_("Registration journals, cards and files of the community's office."),
    icon="document",
    url_name="docflow:journals",
    resident_items="hromada.docflow.office:resident_items",  # the resident's office (issue 19)
    url_prefix="docflow",
    urls="hromada.docflow.urls",
    api_router="hromada.docflow.api:router",
    # Public information requests (docflow part 3): the residents' pages at /public-info/, their own on the
    # profile, and the statistics of registration as open data (no personal data).
    extra_urls=(("public-info/", "hromada.docflow.public_info.urls"),),
    profile_links=(("docflow_public_info:mine", _("My information requests")),),
    opendata_exports=(
        OpenDataExport(
            slug="docflow-registration-statistics",
            title=_("Registration of documents: statistics"),
            description=_("Documents registered by the community's office per month, journal, document kind and "
                          "department, how many were executed and the share executed on time. Counts only: no "
                          "correspondents, summaries or personal data."),
            fields=(("month", "string"), ("journal", "string"), ("kind", "string"), ("department", "string"),
                    ("registered", "integer"), ("executed", "integer"), ("on_time", "integer"),
                    ("on_time_share", "number")),
            rows="hromada.docflow.public_info.selectors.registration_statistics_rows",
            update_frequency="once a day",
        ),
    ),
    settings_model=DocflowSettings,
    # The office lands on its journals after signing in; residents never see the capability in the menu.
    staff_queues=(("official", "docflow:journals"),),
    periodic_tasks=(("hromada.docflow.tasks.control_sweep", 3600),),
    # Appeals and petitions flow in by themselves (flows.py, ADR 0017); registered cards are records in return.
    record_source="hromada.docflow.flows:SOURCE",
    record_handlers=(("appeals.appeal.", "hromada.docflow.flows.on_record_event"),
                     ("petitions.petition.", "hromada.docflow.flows.on_record_event")),
    demo_loader="hromada.docflow.demo:load",
    demo_order=600,
    nav=False,
    transparency_indicators=(capabilities.TransparencyIndicator(
        "docflow.info_requests_on_time", _("Public information requests answered within five working days"),
        "access_to_information", 4,
        "hromada.docflow.transparency.info_requests_on_time", 10),),
)
