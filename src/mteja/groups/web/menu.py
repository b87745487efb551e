from django.utils.translation import gettext_lazy as _

from mteja.core.web.navigation import MENU, MenuEntry

MENU.register(
    MenuEntry(_("Centers"), "center_list", "READ_CENTER", position=14),
    MenuEntry(_("Groups"), "group_list", "READ_GROUP", position=15),
)
