from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "mteja.core"
    label = "core"
    verbose_name = "Core"

    def ready(self):
        from mteja.core import dates, open_connections, sqlite_params, upload_names
        from mteja.core.api import schema  # noqa: F401  (registers schema extensions)

        dates.install()
        open_connections.install()
        sqlite_params.install()
        upload_names.install()
