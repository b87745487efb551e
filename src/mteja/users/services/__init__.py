"""Every write to users and roles, one module per concern.

Two guards beyond Fineract's rules keep an institution from locking itself out or being
taken over from inside (users/services/guards.py):
- nobody grants a permission they do not hold themselves (through a role given to a user,
  or a code added to a role), so a branch clerk with UPDATE_USER cannot make anyone a
  super user;
- no write may leave the system without an active user holding ALL_FUNCTIONS.
"""

from mteja.users.services.passwords import REDACTED
from mteja.users.services.roles import (
    role_create,
    role_disable,
    role_enable,
    role_set_permissions,
    role_update,
)
from mteja.users.services.users import user_create, user_delete, user_update

__all__ = [
    "REDACTED",
    "role_create",
    "role_disable",
    "role_enable",
    "role_set_permissions",
    "role_update",
    "user_create",
    "user_delete",
    "user_update",
]
