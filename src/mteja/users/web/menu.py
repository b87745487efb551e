from django.utils.translation import gettext_lazy as _

from mteja.core.web.navigation import MENU, MenuEntry

MENU.register(
    MenuEntry(_("Users"), "user_list", "READ_USER", position=50),
    MenuEntry(_("Roles"), "role_list", "READ_ROLE", position=60),
)
# Each user's own two-factor login is reached from their name in the header (base.html).
