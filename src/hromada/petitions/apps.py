"""E-petitions to the local council (Law "On Citizens' Appeals", art. 23-1).

Filing, moderation, signature collection, the council's answer, QR posters, feeds and open data."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Community data, not interface text: the reasons are stored and shown in the community's own language.
DEFAULT_REJECTION_REASONS = (
    "поза компетенцією ради; дублює наявну петицію; образливий або протиправний зміст; "
    "не є петицією (особисте звернення чи скарга); текст незрозумілий або неповний"
)


class PetitionsConfig(AppConfig):
    name = "hromada.petitions"
    label = "petitions"
    verbose_name = _("E-petitions")

    def ready(self):
        from hromada.core import capabilities
        from hromada.core.capabilities import CapabilitySetting, OpenDataExport

        capabilities.register(
            capabilities.CapabilityManifest(
                slug="petitions",
                name=_("E-petitions"),
                description=_("File a petition to the council, collect signatures and get an answer on time."),
                icon="📝",
                url_name="petitions:list",
                url_prefix="petitions",
                profile_links=(("petitions:mine", _("My petitions")),),
                urls="hromada.petitions.urls",
                api_router="hromada.petitions.api:router",
                permissions=(
                    ("petitions.moderate", _("Publish, reject and mark petitions as duplicates")),
                    ("petitions.answer", _("Enter the council's answer to a petition")),
                    ("petitions.export_signers", _("Export the list of signers for the council")),
                ),
                settings=(
                    CapabilitySetting("threshold", _("Signatures needed"), 250, int,
                                      _("From the community statute (e.g. Kyiv: 6,000).")),
                    CapabilitySetting("collection_days", _("Collection period, days"), 90, int,
                                      _("At most 90 days (three months), art. 23-1.")),
                    CapabilitySetting("moderation_working_days", _("Publication term, working days"), 2, int),
                    CapabilitySetting("consideration_working_days", _("Consideration term, working days"), 10, int),
                    CapabilitySetting("identity_level", _("Identity required to sign"), "strong", str,
                                      choices=(("email", _("verified email")), ("strong", _("strong identity")))),
                    CapabilitySetting("rejection_reasons", _("Rejection reasons (separated by semicolons)"),
                                      DEFAULT_REJECTION_REASONS, str),
                    CapabilitySetting("sign_rate_user", _("Signing limit per person"), "10/m", str),
                    CapabilitySetting("sign_rate_ip", _("Signing limit per IP address"), "600/m", str,
                                      _("Generous: many people sign from behind one mobile-operator address.")),
                    CapabilitySetting("create_rate_user", _("Petition creation limit per person"), "5/h", str),
                    CapabilitySetting("create_rate_ip", _("Petition creation limit per IP address"), "30/h", str),
                ),
                opendata_exports=(
                    OpenDataExport(
                        slug="petitions",
                        title=_("Electronic petitions"),
                        description=_("Published petitions with their status, category, signature counts, "
                                      "threshold, dates and the council's decision. No personal data."),
                        fields=(
                            ("id", "integer"), ("title", "string"), ("category", "string"), ("status", "string"),
                            ("signatures", "integer"), ("threshold", "integer"), ("published_at", "datetime"),
                            ("collection_ends_at", "datetime"), ("threshold_reached_at", "datetime"),
                            ("consideration_deadline", "datetime"), ("answered_at", "datetime"),
                            ("decision", "string"), ("url", "string"),
                        ),
                        rows="hromada.petitions.selectors.petition_open_data_rows",
                        update_frequency="once a day",
                    ),
                ),
                periodic_tasks=(("hromada.petitions.tasks.petitions_housekeeping", 15 * 60),),
                demo_loader="hromada.petitions.demo:load",
                demo_order=10,
            )
        )
