from django.apps import AppConfig


class UsersConfig(AppConfig):
    name = "mteja.users"
    label = "users"

    def ready(self):
        from axes.models import AccessAttempt

        from mteja.core import reference_cache, stamps
        from mteja.users.models import USERS_GROUP, AppUser, Permission, Role

        # Every request reads its user, its office and its permission codes: each worker keeps
        # them, renewed by any change of a user, a role, a permission or who holds which.
        reference_cache.register(AppUser, group=USERS_GROUP)
        # A failed login recorded or the failures reset (core/api/credentials.py) too.
        stamps.bump_on_change(USERS_GROUP, Role, Permission, AccessAttempt)
        stamps.bump_on_relink(USERS_GROUP, AppUser.roles.through, Role.permissions.through)

        from mteja.core.web.journal import RECORD_PAGES, RecordPage

        RECORD_PAGES.update(
            USER=RecordPage(AppUser, "user_detail"), ROLE=RecordPage(Role, "role_detail")
        )
