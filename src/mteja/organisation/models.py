"""Offices (a tree), staff, and the configurable code lists behind every drop-down."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from mteja.core.constraints import unique_when_set
from mteja.core.declarations import Declaration, Wire
from mteja.core.fields import optional_text, reference
from mteja.core.querysets import BaseModel
from mteja.organisation.code_labels import code_list_label, code_value_label

HEAD_OFFICE_ID = 1


class Office(BaseModel):
    """A branch in the institution's tree.

    `hierarchy` is the materialised path Fineract uses: "." for the head office, ".2." for a
    child, ".2.7." below it. Scoping is a prefix match on it, which an index serves.
    """

    name = models.CharField(_("name"), max_length=100, unique=True)
    parent = reference("self", _("parent office"), "children", optional=True)
    hierarchy = models.CharField(max_length=200, default=".", db_index=True)
    opening_date = models.DateField(_("opening date"))
    external_id = models.CharField(_("external id"), max_length=100, null=True, blank=True)

    office_scope_paths = ("",)

    class Meta:
        ordering = ["hierarchy"]
        constraints = [
            unique_when_set("external_id", name="organisation_office_unique_external_id")
        ]

    def __str__(self):
        return self.name

    @property
    def depth(self) -> int:
        return self.hierarchy.count(".") - 1

    @property
    def name_decorated(self) -> str:
        """Fineract's indented name: four dots per level below the head office."""
        return "...." * self.depth + self.name

    def is_ancestor_or_self_of(self, other: "Office") -> bool:
        return other.hierarchy.startswith(self.hierarchy)

    @property
    def lineage(self) -> list[str]:
        """The hierarchy paths of the office and of those above it: `.1.4.` → `.`, `.1.`,
        `.1.4.`."""
        parts = self.hierarchy.strip(".").split(".") if self.hierarchy != "." else []
        return ["."] + [f".{'.'.join(parts[: n + 1])}." for n in range(len(parts))]


class Staff(BaseModel):
    office = reference("organisation.Office", _("office"), "staff")
    firstname = models.CharField(_("first name"), max_length=50)
    lastname = models.CharField(_("last name"), max_length=50)
    display_name = models.CharField(_("display name"), max_length=102)
    is_loan_officer = models.BooleanField(_("loan officer"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    joining_date = models.DateField(_("joining date"), null=True, blank=True)
    mobile_no = optional_text(_("mobile number"), 50)
    external_id = models.CharField(_("external id"), max_length=100, null=True, blank=True)

    office_scope_paths = ("office",)

    class Meta:
        ordering = ["display_name", "id"]
        verbose_name_plural = _("staff")
        constraints = [unique_when_set("external_id", name="organisation_staff_unique_external_id")]

    def __str__(self):
        return self.display_name


class Code(BaseModel):
    """A configurable list (Gender, Customer Identifier, …). System codes cannot be deleted."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    is_system_defined = models.BooleanField(_("system defined"), default=False)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def label(self) -> str:
        """The name as pages show it: a seeded list's readable, translated name."""
        return code_list_label(self.name)


class CodeValue(BaseModel):
    """One option of a code list. Other tables refer to it with PROTECT, so a value in use
    cannot be deleted: it is deactivated instead."""

    code = models.ForeignKey(Code, on_delete=models.CASCADE, related_name="values")
    name = models.CharField(_("name"), max_length=100)
    description = optional_text(_("description"), 500)
    position = models.IntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    is_mandatory = models.BooleanField(default=False)

    class Meta:
        ordering = ["code_id", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "name"], name="organisation_codevalue_unique_code_name"
            )
        ]

    def __str__(self):
        return self.name

    @property
    def label(self) -> str:
        """The name as pages show it: a seeded value translated, an added one as entered."""
        return code_value_label(self.name)


# --- What the fields above do not say (core/declarations.py) ---------------------------------

Declaration(
    Office,
    entity="OFFICE",
    resource="office",
    # The materialised path is derived from the parent; a move is journalled as parent_id.
    wires={"hierarchy": Wire(audited=False)},
)
Declaration(
    Staff,
    entity="STAFF",
    resource="staff",
    # Derived from the names, which are journalled themselves.
    wires={"display_name": Wire(audited=False)},
)
Declaration(
    Code, entity="CODE", resource="code", wires={"is_system_defined": Wire(api="systemDefined")}
)
Declaration(
    CodeValue,
    entity="CODEVALUE",
    resource="code.value",
    # Set only by the code lists' seed data; no service writes it, and journalling it would add
    # it to every value's CREATE event.
    wires={"is_mandatory": Wire(audited=False)},
)
