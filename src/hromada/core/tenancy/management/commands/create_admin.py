"""`hromada create_admin <community> <email>`: make a person the admin of a community."""

import os

from django.core.management.base import BaseCommand, CommandError

from hromada.core.errors import DomainError
from hromada.core.identity.actors import SYSTEM
from hromada.core.identity.models import Membership, Role, User
from hromada.core.identity.services import membership_create
from hromada.core.tenancy.models import Community


class Command(BaseCommand):
    help = "Create (or promote) a community admin. The password comes from HROMADA_ADMIN_PASSWORD or a prompt."

    def add_arguments(self, parser):
        parser.add_argument("community")
        parser.add_argument("email")

    def handle(self, *args, **o):
        community = Community.objects.filter(slug=o["community"]).first()
        if community is None:
            raise CommandError("No such community.")
        user = User.objects.filter(email=o["email"].lower()).first()
        if user is None:
            password = os.environ.get("HROMADA_ADMIN_PASSWORD") or self._prompt()
            user = User.objects.create_user(o["email"], password, is_staff=True)
            from allauth.account.models import EmailAddress

            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        if not Membership.objects.filter(community=community, user=user, role=Role.ADMIN).exists():
            try:
                membership_create(actor=SYSTEM, community=community, user=user, role=Role.ADMIN)
            except DomainError as exc:
                raise CommandError(str(exc.message)) from exc
        elif not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
        self.stdout.write(self.style.SUCCESS(f"{user.email} administers {community.slug}"))

    def _prompt(self) -> str:
        import getpass

        password = getpass.getpass("Password: ")
        if len(password) < 10:
            raise CommandError("Use at least 10 characters.")
        return password
