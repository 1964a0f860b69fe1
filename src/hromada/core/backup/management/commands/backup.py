"""`hromada backup [--output FILE]`: the database, the datastore tables and every stored file in one archive.

Progress goes to stderr; the archive's path is the one line on stdout, for scripts."""

from datetime import UTC, datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hromada.core.backup.archive import ArchiveError
from hromada.core.backup.services import backup_create


class Command(BaseCommand):
    help = "Back up the whole install (database rows, datastore tables, media and private files) into one archive."

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", type=Path,
                            help="archive to write (default: hromada-backup-<UTC time>.zip in the current folder)")

    def handle(self, *args, output=None, **options):
        output = output or Path(f"hromada-backup-{datetime.now(UTC):%Y%m%dT%H%M%SZ}.zip")
        if output.is_dir():
            raise CommandError(f"{output} is a folder; give a file name with --output")
        self.stderr.write(f"Backing up to {output} ...")
        try:
            manifest = backup_create(output=output, say=self.stderr.write)
        except (ArchiveError, OSError) as error:
            raise CommandError(str(error)) from error
        rows = sum(entry["rows"] for entry in manifest["models"])
        self.stderr.write(f"Done: {rows} rows of {len(manifest['models'])} models, {len(manifest['tables'])} "
                          f"datastore tables, {len(manifest['files'])} files.")
        self.stdout.write(str(output))
