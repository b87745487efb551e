"""Creates the administrator `admin` (head office, Super user role) if it does not exist."""

import os
import secrets

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from mteja.core.errors import MtejaError
from mteja.organisation.models import HEAD_OFFICE_ID, Office
from mteja.users.models import AppUser, Role
from mteja.users.services import user_create


class Command(BaseCommand):
    help = "Create the administrator `admin` (password from MTEJA_ADMIN_PASSWORD, or generated)."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    @transaction.atomic
    def handle(self, *args, username: str, **options):
        if AppUser.objects.filter(username=username).exists():
            self.stdout.write(f"The administrator `{username}` already exists.")
            return
        password = os.environ.get("MTEJA_ADMIN_PASSWORD") or secrets.token_urlsafe(16)
        try:
            user_create(
                actor=None,
                username=username,
                firstname="System",
                lastname="Administrator",
                email="",
                office=Office.objects.get(pk=HEAD_OFFICE_ID),
                password=password,
                roles=[Role.objects.get(name="Super user")],
            )
        except MtejaError as error:  # e.g. MTEJA_ADMIN_PASSWORD too short or too common
            raise CommandError("; ".join(e.message for e in error.errors)) from error
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
