"""Creates the administrator `admin` (head office, Super user role) if it does not exist."""

import os
import secrets

from django.core.management.base import BaseCommand
from django.db import transaction

from mteja.organisation.models import HEAD_OFFICE_ID, Office
from mteja.users.models import AppUser, Role


class Command(BaseCommand):
    help = "Create the administrator `admin` (password from MTEJA_ADMIN_PASSWORD, or generated)."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    @transaction.atomic
    def handle(self, *args, username: str, **options):
        if AppUser.objects.filter(username=username).exists():
            self.stdout.write(f"The administrator `{username}` already exists.")
            return
        password = os.environ.get("MTEJA_ADMIN_PASSWORD") or secrets.token_urlsafe(12)
        user = AppUser.objects.create_user(
            username=username,
            password=password,
            email="",
            office=Office.objects.get(pk=HEAD_OFFICE_ID),
            first_name="System",
            last_name="Administrator",
        )
        user.roles.add(Role.objects.get(name="Super user"))
        if os.environ.get("MTEJA_ADMIN_PASSWORD"):
            self.stdout.write(
                f"Created the administrator `{username}` (password from MTEJA_ADMIN_PASSWORD)."
            )
        else:
            # Printed once, never stored in clear: the operator must note it now.
            self.stdout.write(
                self.style.WARNING(
                    f"Created the administrator `{username}` with the password: {password}\n"
                    "It is shown only this once."
                )
            )
