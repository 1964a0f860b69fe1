"""`hromada capabilities`: the installed capabilities from the registry; `--paths` prints the folders that
carry translations (the kernel's, then each capability's), one a line, for the Makefile's `messages`."""

from __future__ import annotations

from pathlib import Path

from django.apps import apps
from django.core.management.base import BaseCommand

from hromada.core import capabilities


class Command(BaseCommand):
    help = "List the installed capabilities (--paths: the kernel's and each capability's folder)."

    def add_arguments(self, parser):
        parser.add_argument("--paths", action="store_true",
                            help="print the folder of the kernel and of every capability, one a line")

    def handle(self, *args, **options):
        if options["paths"]:
            core = Path(apps.get_app_config("web").path).parent  # hromada/core: its locale/ serves the whole kernel
            self.stdout.write(str(core))
            paths = {config.name: config.path for config in apps.get_app_configs()}
            for manifest in capabilities.manifests():
                self.stdout.write(paths[capabilities.app_of(manifest.slug)])
            return
        for manifest in capabilities.manifests():
            self.stdout.write(f"{manifest.slug}\t{capabilities.app_of(manifest.slug)}\t{manifest.name}")
