from django.core.management.base import BaseCommand

from mteja.documents.sweep import sweep


class Command(BaseCommand):
    help = "Removes stored document and photo files that no record points to any longer."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only list them.")

    def handle(self, *args, dry_run=False, **options):
        removed = sweep(dry_run=dry_run)
        for name in removed:
            self.stdout.write(name)
        verb = "would remove" if dry_run else "removed"
        self.stdout.write(f"{verb} {len(removed)} unreferenced file(s)")
