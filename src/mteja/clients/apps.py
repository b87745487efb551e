from django.apps import AppConfig


class ClientsConfig(AppConfig):
    name = "mteja.clients"
    label = "clients"

    def ready(self):
        from mteja.clients import lifecycle
        from mteja.core.web import labels
        from mteja.users import permission_codes

        # From the registry of lifecycle commands: a permission code per command
        # (ACTIVATE_CLIENT, …) and the name of its audit action on history pages.
        permission_codes.add_actions("portfolio", "CLIENT", lifecycle.permission_actions())
        labels.ACTION_LABELS.update({c.action: c.history for c in lifecycle.COMMANDS.values()})
