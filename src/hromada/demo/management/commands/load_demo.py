"""`hromada load_demo`: create the demo community and let every capability add its demo data."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from hromada.core import capabilities
from hromada.core.tenancy.models import Community
from hromada.demo.people import DEMO_PASSWORD, DEMO_SLUG, create_demo_community


class Command(BaseCommand):
    help = "Load the synthetic demo community (clearly labelled as demo data)."

    def add_arguments(self, parser):
        parser.add_argument("--slug", default=DEMO_SLUG)
        parser.add_argument("--size", choices=["small", "full"], default="full",
                            help="small: a few objects per capability (tests); full: a lively community.")

    def handle(self, *args, **options):
        slug, size = options["slug"], options["size"]
        if Community.objects.filter(slug=slug).exists():
            raise CommandError(f"A community {slug!r} exists already.")
        started = time.monotonic()
        with transaction.atomic():
            community, _people = create_demo_community(slug=slug, residents=12 if size == "small" else 60)
            self.stdout.write(f"  community and people … {time.monotonic() - started:.1f}s")
            # Kernel steps too (the transparency log signs what the loaders recorded before open data publishes it).
            for manifest in sorted([*capabilities.manifests(), *capabilities.kernel_manifests()],
                                   key=lambda m: m.demo_order):
                if manifest.demo_loader:
                    step = time.monotonic()
                    capabilities.resolve(manifest.demo_loader)(community, size=size)
                    self.stdout.write(f"  {manifest.slug} … {time.monotonic() - step:.1f}s")
        self.stdout.write(self.style.SUCCESS(
            f"Demo community '{slug}' ready in {time.monotonic() - started:.0f}s. "
            f"Sign in as admin@{slug}.hromada.local, moderator@…, official1@…, resident1@… "
            f"with the password {DEMO_PASSWORD}"
        ))
