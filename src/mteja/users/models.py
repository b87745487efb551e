"""Application users, roles and Fineract-style permission codes."""

from functools import cached_property

from django.contrib.auth.models import AbstractUser, UserManager
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.validators import EmailValidator, MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from mteja.core import reference_cache, stamps
from mteja.core.dates import DateDisplay
from mteja.core.declarations import Declaration, Wire
from mteja.core.fields import optional_text, reference
from mteja.core.querysets import BaseModel, RestrictedQuerySet
from mteja.users.builtin_roles import role_description, role_label

ALL_FUNCTIONS = "ALL_FUNCTIONS"
ALL_FUNCTIONS_READ = "ALL_FUNCTIONS_READ"
# The stamp group (core/stamps.py) of users, roles, permissions, who holds which, and failed
# logins.
USERS_GROUP = reference_cache.USERS_GROUP


class Permission(models.Model):
    """A Fineract permission code such as READ_CLIENT, held by roles."""

    grouping = models.CharField(max_length=45)
    code = models.CharField(max_length=100, unique=True)
    entity_name = models.CharField(max_length=100, blank=True, default="")
    action_name = models.CharField(max_length=100, blank=True, default="")
    can_maker_checker = models.BooleanField(default=False)

    class Meta:
        ordering = ["grouping", "code"]

    def __str__(self):
        return self.code


class Role(BaseModel):
    name = models.CharField(_("name"), max_length=100, unique=True)
    description = optional_text(_("description"), 500)
    is_disabled = models.BooleanField(_("disabled"), default=False)
    # Its users log in with a second factor (users/twofactor/), enrolling first if need be.
    requires_two_factor = models.BooleanField(_("requires two-factor login"), default=False)
    permissions = models.ManyToManyField(Permission, blank=True, related_name="roles")

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def label(self) -> str:
        """The name as pages show it: a seeded role's in the user's language."""
        return role_label(self.name)

    @property
    def description_label(self) -> str:
        return role_description(self.name, self.description)


class AppUserManager(UserManager.from_queryset(RestrictedQuerySet)):
    def get_by_natural_key(self, username):
        # How a login or an HTTP Basic call finds its user: with what every request reads.
        return self.select_related(*self.model.REQUEST_RELATED).get(
            **{self.model.USERNAME_FIELD: username}
        )

    def for_request(self, pk):
        """The user a request acts as (its session's or its verified credentials'), with what
        every request reads of it; in a request, a copy of this worker's kept row
        (core/reference_cache.py), so that no query is needed."""
        from mteja.core.related import attach_related

        user = reference_cache.row_by_pk(self.model, pk)  # a session holds the pk as text
        if user is not None:
            attach_related([user], *self.model.REQUEST_RELATED)
        return user


class UsernameValidator(UnicodeUsernameValidator):
    message = _("A username may contain only letters, digits and the characters @ . + - _")


class EmailAddressField(models.EmailField):
    default_validators = [EmailValidator(message=_("The email address is not valid."))]


# Fineract's limit of a name and an email, narrower than Django's (150 and 254 characters).
NAME_MAX_LENGTH = 100


class AppUser(AbstractUser):
    """A member of staff who logs in. Their office bounds everything they can see."""

    # The column keeps Django's 150 characters: a deleted user's name is prefixed to free it.
    username = models.CharField(
        _("username"),
        max_length=150,
        unique=True,
        validators=[UsernameValidator(), MaxLengthValidator(NAME_MAX_LENGTH)],
    )
    first_name = models.CharField(_("first name"), max_length=NAME_MAX_LENGTH)
    last_name = models.CharField(_("last name"), max_length=NAME_MAX_LENGTH)
    email = EmailAddressField(_("email address"), max_length=NAME_MAX_LENGTH, blank=True)

    office = reference("organisation.Office", _("office"), "users")
    staff = reference("organisation.Staff", _("staff member"), "users", optional=True)
    roles = models.ManyToManyField(Role, blank=True, related_name="users")
    password_never_expires = models.BooleanField(default=False)
    # Users are never removed: audit events name them as their maker. A deleted user is
    # disabled, hidden from lists and has its username freed for reuse.
    is_deleted = models.BooleanField(_("deleted"), default=False)
    last_modified_on = models.DateTimeField(auto_now=True)
    # How the user's pages write dates (core/dates.py); blank: as their language does.
    date_display = models.CharField(
        _("date format"), max_length=3, blank=True, default="", choices=DateDisplay.choices
    )

    objects = AppUserManager()
    office_scope_paths = ("office",)
    # Read with the user on every request (session or HTTP Basic): scoping needs the office.
    REQUEST_RELATED = ("office",)

    REQUIRED_FIELDS = ["email", "office"]

    class Meta:
        ordering = ["username"]

    @cached_property
    def permission_codes(self) -> frozenset[str]:
        """The codes of the user's enabled roles, kept by each worker under the users stamp."""
        return stamps.kept(USERS_GROUP, f"permission-codes:{self.pk}", self._read_permission_codes)

    def _read_permission_codes(self) -> frozenset[str]:
        return frozenset(
            Permission.objects.filter(roles__users=self, roles__is_disabled=False)
            .values_list("code", flat=True)
            .distinct()
        )

    def has_fineract_permission(self, code: str | None) -> bool:
        if not self.is_active:
            return False
        codes = self.permission_codes
        if code is None or ALL_FUNCTIONS in codes or code in codes:
            return True
        return code.startswith("READ_") and ALL_FUNCTIONS_READ in codes

    def held_permissions(self) -> models.Q:
        """The Permission rows this user holds, as `has_fineract_permission` judges them."""
        codes = self.permission_codes if self.is_active else frozenset()
        if ALL_FUNCTIONS in codes:
            return models.Q(pk__isnull=False)
        held = models.Q(code__in=codes)
        if ALL_FUNCTIONS_READ in codes:
            held |= models.Q(code__startswith="READ_")
        return held


# --- What the fields above do not say (core/declarations.py) ---------------------------------

Declaration(
    Role,
    entity="ROLE",
    resource="role",
    wires={
        "is_disabled": Wire(api="disabled"),
        "requires_two_factor": Wire(api="requiresTwoFactor"),
    },
)

_NOT_JOURNALLED = Wire(audited=False)
Declaration(
    AppUser,
    entity="USER",
    resource="user",
    wires={
        "first_name": Wire(api="firstname"),
        "last_name": Wire(api="lastname"),
        # The journal and `changes` show a new password as the marker `***` (the services
        # add it), never the hash.
        "password": Wire(audited=False, echoed=False),
        # Django's bookkeeping (the login, the join date) and flags no service writes
        # (superuser, staff) would only add noise to every CREATE event; a deletion journals
        # is_deleted itself.
        "last_login": _NOT_JOURNALLED,
        "date_joined": _NOT_JOURNALLED,
        "is_superuser": _NOT_JOURNALLED,
        "is_staff": _NOT_JOURNALLED,
        "is_deleted": _NOT_JOURNALLED,
    },
)


from mteja.users.notifications.models import Notification  # noqa: E402, F401  (registers it)
from mteja.users.twofactor.models import TwoFactorAccessToken  # noqa: E402, F401  (registers it)
