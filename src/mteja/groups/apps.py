from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

ENTITY_LABELS = {"GROUP": _("Group"), "CENTER": _("Center"), "GROUPPOLICY": _("Group settings")}


def _sync_permission_codes(sender, apps, **kwargs):
    from mteja.users.permission_codes import sync_permissions

    sync_permissions(apps)


class GroupsConfig(AppConfig):
    name = "mteja.groups"
    label = "groups"

    def ready(self):
        from mteja.core.web import labels
        from mteja.groups.commands import ACTION_LABELS, CENTER_ACTIONS, GROUP_ACTIONS
        from mteja.users import permission_codes

        crud = list(permission_codes.CRUD)
        permission_codes.add_actions("portfolio", "GROUP", [*crud, *GROUP_ACTIONS])
        permission_codes.add_actions("portfolio", "CENTER", [*crud, *CENTER_ACTIONS])
        permission_codes.add_actions("configuration", "GROUPPOLICY", ["READ", "UPDATE"])
        labels.ACTION_LABELS.update(ACTION_LABELS)
        labels.ENTITY_LABELS.update(ENTITY_LABELS)
        from mteja.core.web.journal import RECORD_PAGES, RecordPage
        from mteja.groups.models import Center, Group

        RECORD_PAGES.update(
            GROUP=RecordPage(Group, "group_detail"), CENTER=RecordPage(Center, "center_detail")
        )
        post_migrate.connect(_sync_permission_codes, sender=self)
