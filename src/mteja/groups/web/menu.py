from django.utils.translation import gettext_lazy as _

from mteja.clients.web.settings_views import SETTINGS_PAGES, SettingsPage
from mteja.core.web.navigation import MENU, MenuEntry

MENU.register(
    MenuEntry(_("Centers"), "center_list", "READ_CENTER", position=14),
    MenuEntry(_("Groups"), "group_list", "READ_GROUP", position=15),
)

# The membership limits, among the settings pages (clients/web/settings_views.py).
SETTINGS_PAGES.append(
    SettingsPage(
        "group_policy",
        "UPDATE_GROUPPOLICY",
        _("Group settings"),
        _("Minimum and maximum members per group."),
    )
)
