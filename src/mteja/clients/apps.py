from django.apps import AppConfig


class ClientsConfig(AppConfig):
    name = "mteja.clients"
    label = "clients"

    def ready(self):
        from mteja.clients import lifecycle
        from mteja.users import permission_codes

        # One permission code per lifecycle command (ACTIVATE_CLIENT, …), from the registry.
        permission_codes.add_actions("portfolio", "CLIENT", lifecycle.permission_actions())
