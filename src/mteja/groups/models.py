"""Centers, groups and the dated membership of clients in groups.

A center holds groups; a group holds clients. Fineract keeps both in one table (`m_group`,
level 1 center, level 2 group); Mteja keeps two models on one abstract base, so a group's
center is a real reference and each has only its own fields. Membership is a row per stay:
joining opens it, leaving dates it, so the client's and the group's pages show past stays too.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mteja.clients.models import code_value_field
from mteja.core.constraints import unique_when_set
from mteja.core.declarations import Declaration, Wire
from mteja.core.fields import reference
from mteja.core.querysets import BaseModel

__all__ = [
    "GroupStatus", "STATUS_CODES", "Weekday", "Grouping", "GroupingNumber",
    "Center", "Group", "Membership",
    "GroupPolicy", "GROUP", "CENTER",
]  # fmt: skip


class GroupStatus(models.IntegerChoices):
    PENDING = 100, _("Pending")
    ACTIVE = 300, _("Active")
    CLOSED = 600, _("Closed")


# Fineract's enum code and list-filter name of each status.
STATUS_CODES = {
    GroupStatus.PENDING: ("groupingStatusType.pending", "pending"),
    GroupStatus.ACTIVE: ("groupingStatusType.active", "active"),
    GroupStatus.CLOSED: ("groupingStatusType.closed", "closed"),
}


class Weekday(models.IntegerChoices):
    MONDAY = 1, _("Monday")
    TUESDAY = 2, _("Tuesday")
    WEDNESDAY = 3, _("Wednesday")
    THURSDAY = 4, _("Thursday")
    FRIDAY = 5, _("Friday")
    SATURDAY = 6, _("Saturday")
    SUNDAY = 7, _("Sunday")


def _user():
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )


class Grouping(BaseModel):
    """What centers and groups share: Fineract's m_group columns."""

    name = models.CharField(_("name"), max_length=100)
    office = reference("organisation.Office", _("office"), "+", indexed=False)
    external_id = models.CharField(_("external id"), max_length=100, null=True, blank=True)
    account_no = models.CharField(_("account number"), max_length=20, null=True, blank=True)
    staff = reference("organisation.Staff", _("loan officer"), "+", optional=True)
    status = models.IntegerField(
        _("status"), choices=GroupStatus.choices, default=GroupStatus.PENDING
    )
    submitted_on = models.DateField(_("submitted on"))
    submitted_by = _user()
    activation_date = models.DateField(_("activation date"), null=True, blank=True)
    activated_by = _user()
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closed_by = _user()
    closure_reason = code_value_field(_("closure reason"), "GroupClosureReason")
    created_by = _user()
    last_modified_by = _user()
    version = models.PositiveIntegerField(default=1)

    office_scope_paths = ("office",)

    class Meta:
        abstract = True
        ordering = ["name", "id"]

    def __str__(self):
        return self.name

    @property
    def is_active(self) -> bool:
        return self.status == GroupStatus.ACTIVE

    @property
    def is_closed(self) -> bool:
        return self.status == GroupStatus.CLOSED


def _constraints(prefix: str) -> list:
    return [
        models.UniqueConstraint(fields=["office", "name"], name=f"{prefix}_unique_office_name"),
        unique_when_set("external_id", name=f"{prefix}_unique_external_id"),
        unique_when_set("account_no", name=f"{prefix}_unique_account_no"),
    ]


class GroupingNumber(models.Model):
    """One id for every center and group. Fineract keeps both in one table, so `/groups/{id}`
    may name a center (the Mifos X web-app edits a center and assigns its officer there);
    drawing both models' ids from this one sequence keeps them apart."""

    def __str__(self):
        return str(self.pk)

    @classmethod
    def next(cls) -> int:
        return cls.objects.create().pk


class Center(Grouping):
    meeting_day = models.IntegerField(
        _("meeting day"), choices=Weekday.choices, null=True, blank=True
    )
    meeting_time = models.TimeField(_("meeting time"), null=True, blank=True)

    class Meta(Grouping.Meta):
        constraints = _constraints("groups_center")
        indexes = [models.Index(fields=["office", "id"], name="groups_center_office_id")]


class Group(Grouping):
    center = reference("groups.Center", _("center"), "groups", optional=True)

    class Meta(Grouping.Meta):
        constraints = _constraints("groups_group")
        indexes = [models.Index(fields=["office", "id"], name="groups_group_office_id")]


class MembershipQuerySet(models.QuerySet):
    def current(self):
        return self.filter(left_on__isnull=True)

    def past(self):
        return self.filter(left_on__isnull=False)


class Membership(models.Model):
    """One stay of a client in a group: from `joined_on` until `left_on` (open while
    current). The center is the group's when the client joined, kept for the history."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships")
    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="group_memberships"
    )
    center = reference("groups.Center", _("center"), "+", optional=True, indexed=False)
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)
    joined_by = _user()
    left_by = _user()

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["-joined_on", "-id"]
        constraints = [
            # A client is at most once a current member of a group.
            models.UniqueConstraint(
                fields=["group", "client"],
                condition=Q(left_on__isnull=True),
                name="groups_membership_one_current",
            )
        ]
        indexes = [
            models.Index(fields=["client", "group"], name="groups_membership_client"),
            models.Index(fields=["group", "left_on"], name="groups_membership_group"),
        ]

    def __str__(self):
        return f"{self.client_id} in {self.group_id}"


class GroupPolicy(models.Model):
    """The institution's membership limits (Fineract's min/max-clients-in-group
    configurations): one row, edited by an administrator. Empty means no limit."""

    min_clients = models.PositiveIntegerField(
        _("minimum members per group"), null=True, blank=True, validators=[MaxValueValidator(1000)]
    )
    max_clients = models.PositiveIntegerField(
        _("maximum members per group"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(1000)],
    )
    version = models.PositiveIntegerField(default=1)

    def __str__(self):
        return "group policy"

    @classmethod
    def current(cls) -> "GroupPolicy":
        return cls.objects.get_or_create(pk=1)[0]


# --- What the fields above do not say (core/declarations.py) ---------------------------------

_EDITABLE = ("name", "office", "external_id", "staff")
# Who did each step is the event's maker; the status is journalled by the commands.
_WHO = ("submitted_by", "activated_by", "closed_by", "created_by", "last_modified_by")


def _wires(*editable: str) -> dict[str, Wire]:
    wires = {name: Wire(editable=True) for name in (*_EDITABLE, *editable)}
    wires.update({name: Wire(audited=False) for name in _WHO})
    wires["submitted_on"] = Wire(api="submittedOnDate", editable=True)
    wires["activation_date"] = Wire(api="activationDate", editable=True)
    wires["closed_on"] = Wire(api="closureDate")
    return wires


CENTER = Declaration(
    Center, entity="CENTER", resource="center", wires=_wires("meeting_day", "meeting_time")
)
GROUP = Declaration(Group, entity="GROUP", resource="group", wires=_wires("center"))
Declaration(
    GroupPolicy,
    entity="GROUPPOLICY",
    resource="group.policy",
    wires={"min_clients": Wire(editable=True), "max_clients": Wire(editable=True)},
)
