import random

from django.core.management.base import BaseCommand
from django.db import transaction

from mteja.demo.accounts import load_accounts
from mteja.demo.clients import load_clients
from mteja.demo.custom_fields import load_custom_fields
from mteja.demo.groups import load_groups
from mteja.demo.organisation import load_offices_and_staff
from mteja.organisation.models import Office


class Command(BaseCommand):
    help = "Load the demo institution (offices, staff, …) into an empty database."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="do nothing (and succeed) when the database already holds data",
        )
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, if_empty: bool, seed: int, **options):
        if Office.objects.count() > 1:
            if if_empty:
                self.stdout.write("The database already holds data: no demo loaded.")
                return
            self.stderr.write("The database already holds data; the demo needs an empty one.")
            raise SystemExit(1)
        rng = random.Random(seed)
        with transaction.atomic():
            offices = load_offices_and_staff(rng)
            clients = load_clients(rng)
            groups = load_groups(rng)
            accounts = load_accounts(rng)
            households = load_custom_fields(rng)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo loaded: {len(offices)} offices, {clients} clients, {groups} groups, "
                f"{accounts} accounts, {households} households recorded."
            )
        )
