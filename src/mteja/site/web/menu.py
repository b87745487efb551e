from django.utils.translation import gettext_lazy as _

from mteja.core.web.navigation import MENU, MenuEntry

MENU.register(
    MenuEntry(_("Dashboard"), "home", None, position=0),
    MenuEntry(_("Audit log"), "audit_list", "READ_AUDIT", position=70),
)
