"""`hromada restore FILE [--force]`: an archive of `hromada backup` into this empty, migrated install.

Either vendor into either: a SQLite archive restored on PostgreSQL is the move from SQLite to PostgreSQL."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hromada.core.backup.archive import ArchiveError
from hromada.core.backup.services import RestoreIncomplete, backup_restore


class Command(BaseCommand):
    help = ("Restore an archive made by `hromada backup` into this install. The database must be migrated "
            "(`hromada migrate`) and empty, unless --force.")

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument("--force", action="store_true",
                            help="erase every row and datastore table of this database first (files in the "
                                 "file roots are overwritten, not deleted)")

    def handle(self, *args, archive, force=False, **options):
        try:
            restored = backup_restore(archive_path=archive, force=force, say=self.stderr.write)
        except ArchiveError as error:
            partial = isinstance(error, RestoreIncomplete)
            raise CommandError(str(error) if partial else f"Nothing restored. {error}") from error
        rows = sum(restored["models"].values())
        self.stderr.write(self.style.SUCCESS(
            f"Restored {rows} rows of {len(restored['models'])} models, {len(restored['tables'])} datastore "
            f"tables, {restored['files']} files."))
