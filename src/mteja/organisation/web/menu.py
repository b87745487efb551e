from django.utils.translation import gettext_lazy as _

from mteja.core.web.navigation import MENU, MenuEntry

MENU.register(
    MenuEntry(_("Offices"), "office_list", "READ_OFFICE", position=20),
    MenuEntry(_("Staff"), "staff_list", "READ_STAFF", position=30),
    MenuEntry(_("Code lists"), "code_list", "READ_CODE", position=40),
)
