from django.utils.translation import gettext_lazy as _

from mteja.core.web.navigation import MENU, MenuEntry

MENU.register(
    MenuEntry(_("Clients"), "client_list", "READ_CLIENT", position=10),
    MenuEntry(
        _("Settings"),
        "client_settings",
        ("READ_CLIENTPOLICY", "READ_IDENTIFIERFORMAT", "READ_FIELDCONFIGURATION", "READ_DATATABLE"),
        position=80,
    ),
)
