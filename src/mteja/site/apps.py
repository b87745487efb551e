from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class SiteConfig(AppConfig):
    """The top of the project: the dashboard, the login and audit-log pages, the menu put
    together from every app's entries, and the `createadmin` and `demo` commands. It may
    import every app; `core` and the apps never import it."""

    name = "mteja.site"
    label = "site"
    verbose_name = "Site"

    def ready(self):
        # Each app's web/menu.py registers its menu entries in core's menu registry.
        autodiscover_modules("web.menu")
