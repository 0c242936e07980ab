"""``manage.py backup_site DIR``: the database and the media store into a new folder (``rongmei.backup``)."""

from django.core.management.base import BaseCommand, CommandError

from rongmei import backup


class Command(BaseCommand):
    help = "Back up the database and every media file into a new folder. 备份数据库和全部媒体文件。"

    def add_arguments(self, parser):
        parser.add_argument("folder", help="a folder that does not exist yet")

    def handle(self, *args, folder, **options):
        try:
            manifest = backup.backup(folder)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["rows"].values())
        self.stdout.write(
            self.style.SUCCESS(f"Backed up {rows} rows and {len(manifest['files'])} files into {folder}.")
        )
