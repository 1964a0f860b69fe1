"""The backup app: the `hromada backup` and `hromada restore` commands.

Knows no capability: tables that are not models come from the capability registry (`backup_tables`)."""

from django.apps import AppConfig


class BackupConfig(AppConfig):
    name = "hromada.core.backup"
    label = "backup"
    verbose_name = "Backup"
