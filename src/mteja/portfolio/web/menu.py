from django.utils.translation import gettext_lazy as _

from mteja.core.web.navigation import MENU, MenuEntry

MENU.register(
    MenuEntry(_("Products"), "savingsproduct_list", "READ_SAVINGSPRODUCT", position=45),
)
