"""``manage.py restore_site DIR``: a backup into an installation with no content yet, then checked against
its manifest; ``--check`` only compares (``rongmei.backup``)."""

from django.core.management.base import BaseCommand, CommandError

from rongmei import backup


class Command(BaseCommand):
    help = "Restore a backup_site folder into an empty installation and check it. 恢复备份到空白站点并核对。"

    def add_arguments(self, parser):
        parser.add_argument("folder")
        parser.add_argument(
            "--check", action="store_true", help="only compare this installation with the backup"
        )

    def handle(self, *args, folder, check, **options):
        try:
            problems = backup.differences(backup.read_manifest(folder)) if check else backup.restore(folder)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        if problems:
            raise CommandError("The installation differs from the backup:\n  " + "\n  ".join(problems))
        verb = "matches" if check else "was restored from"
        self.stdout.write(self.style.SUCCESS(f"The installation {verb} {folder}: every row and file."))
