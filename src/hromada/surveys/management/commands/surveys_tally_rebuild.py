"""`hromada surveys_tally_rebuild <community slug> [survey id ...]`: recount surveys' running results from their
responses (all the community's surveys when no id is given), through the survey_tally_rebuild service."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from hromada.core.identity.actors import SYSTEM
from hromada.core.tenancy.models import Community

from ...models import Survey
from ...services import survey_tally_rebuild


class Command(BaseCommand):
    help = "Recount surveys' running results (the tally) from their responses."

    def add_arguments(self, parser):
        parser.add_argument("community")
        parser.add_argument("survey_ids", nargs="*", type=int)

    def handle(self, *args, **options):
        community = Community.objects.filter(slug=options["community"]).first()
        if community is None:
            raise CommandError("No such community.")
        ids = options["survey_ids"] or list(Survey.objects.filter(community=community).order_by("pk")
                                            .values_list("pk", flat=True))
        for survey_id in ids:
            rows = survey_tally_rebuild(actor=SYSTEM, community=community, survey_id=survey_id)
            self.stdout.write(f"survey {survey_id}: {rows} tally rows")
