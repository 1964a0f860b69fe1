"""`hromada create_community <slug> <name>`: add a community to this install."""

from django.core.management.base import BaseCommand, CommandError

from hromada.core.errors import DomainError
from hromada.core.identity.actors import SYSTEM
from hromada.core.tenancy.services import community_create


class Command(BaseCommand):
    help = "Create a community (hromada)."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("name_uk")
        parser.add_argument("--name-en", default="")
        parser.add_argument("--katottg", default="")
        parser.add_argument("--edrpou", default="")
        parser.add_argument("--domain", default="")
        parser.add_argument("--email", default="")

    def handle(self, *args, **o):
        try:
            community = community_create(
                actor=SYSTEM, slug=o["slug"], name_uk=o["name_uk"], name_en=o["name_en"], katottg=o["katottg"],
                edrpou=o["edrpou"], domain=o["domain"], email=o["email"],
            )
        except DomainError as exc:
            raise CommandError(f"{exc.message} {exc.fields}") from exc
        self.stdout.write(self.style.SUCCESS(f"Created community {community.slug} (id {community.pk})"))
