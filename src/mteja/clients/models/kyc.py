"""Know-your-customer parts of a client: identity documents and their format rules, family
members, addresses, address field configuration, and institution-defined custom fields."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mteja.clients.models.client import Client, code_value_field
from mteja.core.declarations import Declaration, Wire
from mteja.core.fields import optional_text
from mteja.core.querysets import BaseModel

__all__ = [
    "IdentifierStatus", "CheckDigit", "ClientIdentifier", "IdentifierFormat",
    "ClientFamilyMember", "ClientAddress", "FieldConfiguration", "CustomFieldType",
    "CustomTable", "CustomField", "CustomRow", "IDENTIFIER", "IDENTIFIER_FORMAT",
    "FAMILY_MEMBER", "ADDRESS",
]  # fmt: skip

CLIENT_SCOPE = ("client__office", "client__transfer_to_office")


class IdentifierStatus(models.IntegerChoices):
    INACTIVE = 100, _("Inactive")
    ACTIVE = 200, _("Active")


class CheckDigit(models.TextChoices):
    NONE = "", _("None")
    LUHN = "luhn", _("Luhn (mod 10)")
    VERHOEFF = "verhoeff", _("Verhoeff")
    MOD97_10 = "mod97_10", _("ISO 7064 mod 97-10")
    MOD11_2 = "mod11_2", _("ISO 7064 mod 11-2")


class ClientIdentifier(BaseModel):
    """An identity document. A type plus (normalised) key is unique across all clients, and a
    client holds at most one active document of each type: both are database constraints."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="identifiers")
    # Indexed by the unique type-and-number constraint, which leads with it.
    document_type = code_value_field(
        _("document type"), "Customer Identifier", null=False, blank=False, db_index=False
    )
    document_key = models.CharField(_("document number"), max_length=1000)
    # Upper case without spaces, dashes, dots or slashes: "ab-123 456" == "AB123456".
    document_key_normalized = models.CharField(max_length=255, db_index=True)
    status = models.IntegerField(choices=IdentifierStatus.choices, default=IdentifierStatus.ACTIVE)
    description = optional_text(_("description"), 1000)
    issue_date = models.DateField(_("issue date"), null=True, blank=True)
    expiry_date = models.DateField(_("expiry date"), null=True, blank=True)
    issuing_country = code_value_field(_("issuing country"), "COUNTRY")

    office_scope_paths = CLIENT_SCOPE

    class Meta:
        ordering = ["client_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["document_type", "document_key_normalized"],
                name="clients_identifier_unique_type_key",
            ),
            models.UniqueConstraint(
                fields=["client", "document_type"],
                condition=Q(status=IdentifierStatus.ACTIVE),
                name="clients_identifier_one_active_per_type",
            ),
        ]

    def __str__(self):
        return f"{self.document_type} {self.document_key}"


class IdentifierFormat(BaseModel):
    """The format rule of one identifier type, edited by administrators."""

    document_type = models.OneToOneField(
        "organisation.CodeValue", on_delete=models.CASCADE, related_name="identifier_format"
    )
    pattern = optional_text(_("format (regular expression)"), 300)
    message = optional_text(_("message when the format does not match"), 300)
    check_digit = models.CharField(
        _("check digit"),
        max_length=10,
        choices=CheckDigit.choices,
        blank=True,
        default=CheckDigit.NONE,
    )
    expiry_required = models.BooleanField(_("expiry date required"), default=False)
    required_for_activation = models.BooleanField(
        _("required before activation"),
        default=False,
        help_text=_("Clients cannot be activated without an active document of this type."),
    )


class ClientFamilyMember(BaseModel):
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="family_members")
    firstname = models.CharField(_("first name"), max_length=50)
    middlename = optional_text(_("middle name"), 50)
    lastname = optional_text(_("last name"), 50)
    qualification = optional_text(_("qualification"), 50)
    mobile_number = optional_text(_("mobile number"), 50)
    age = models.PositiveSmallIntegerField(_("age"), null=True, blank=True)
    is_dependent = models.BooleanField(_("economic dependent"), default=False)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    relationship = code_value_field(_("relationship"), "RELATIONSHIP")
    marital_status = code_value_field(_("marital status"), "MARITAL STATUS")
    gender = code_value_field(_("gender"), "Gender")
    profession = code_value_field(_("profession"), "PROFESSION")

    office_scope_paths = CLIENT_SCOPE

    class Meta:
        ordering = ["client_id", "id"]


class ClientAddress(BaseModel):
    """A typed address of a client; one active address per type."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="addresses")
    address_type = code_value_field(_("address type"), "ADDRESS_TYPE", null=False, blank=False)
    is_active = models.BooleanField(_("active"), default=True)
    street = optional_text(_("street"), 100)
    address_line_1 = optional_text(_("address line 1"), 100)
    address_line_2 = optional_text(_("address line 2"), 100)
    address_line_3 = optional_text(_("address line 3"), 100)
    town_village = optional_text(_("town or village"), 100)
    city = optional_text(_("city"), 100)
    county_district = optional_text(_("county or district"), 100)
    state_province = code_value_field(_("state or province"), "STATE")
    country = code_value_field(_("country"), "COUNTRY")
    postal_code = optional_text(_("postal code"), 20)
    latitude = models.DecimalField(
        _("latitude"), max_digits=10, decimal_places=7, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=10, decimal_places=7, null=True, blank=True
    )

    office_scope_paths = CLIENT_SCOPE

    class Meta:
        ordering = ["client_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["client", "address_type"],
                condition=Q(is_active=True),
                name="clients_address_one_active_per_type",
            ),
        ]


class FieldConfiguration(BaseModel):
    """Which fields of an entity are enabled and mandatory, and their format (Fineract's
    m_field_configuration; entity ADDRESS, subentity CLIENT)."""

    entity = models.CharField(max_length=50)
    subentity = models.CharField(max_length=50, default="CLIENT")
    field = models.CharField(max_length=50)
    is_enabled = models.BooleanField(default=True)
    is_mandatory = models.BooleanField(default=False)
    validation_regex = models.CharField(max_length=300, blank=True, default="")

    class Meta:
        ordering = ["entity", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["entity", "subentity", "field"], name="clients_fieldconfiguration_unique"
            ),
        ]


class CustomFieldType(models.TextChoices):
    STRING = "String", _("Text")
    TEXT = "Text", _("Long text")
    NUMBER = "Number", _("Whole number")
    DECIMAL = "Decimal", _("Decimal number")
    DATE = "Date", _("Date")
    BOOLEAN = "Boolean", _("Yes / no")
    DROPDOWN = "Dropdown", _("Choice from a code list")


class CustomTable(BaseModel):
    """Fineract's "datatable" for clients: a named group of institution-defined fields, one
    row per client. Values are stored as JSON rather than as a table created at run time."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    apptable_name = models.CharField(max_length=50, default="m_client")
    multi_row = models.BooleanField(default=False)
    label = optional_text(_("label"), 100)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.label or self.name


class CustomField(BaseModel):
    table = models.ForeignKey(CustomTable, on_delete=models.CASCADE, related_name="fields")
    name = models.CharField(_("name"), max_length=50)
    label = optional_text(_("label"), 100)
    type = models.CharField(_("type"), max_length=10, choices=CustomFieldType.choices)
    length = models.PositiveIntegerField(_("maximum length"), null=True, blank=True)
    mandatory = models.BooleanField(_("required"), default=False)
    code = models.ForeignKey(
        "organisation.Code", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    minimum = models.DecimalField(max_digits=19, decimal_places=6, null=True, blank=True)
    maximum = models.DecimalField(max_digits=19, decimal_places=6, null=True, blank=True)
    regex = models.CharField(max_length=300, blank=True, default="")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["table_id", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["table", "name"], name="clients_customfield_unique"),
        ]


class CustomRow(BaseModel):
    # Indexed by the unique table-and-client constraint, which leads with it.
    table = models.ForeignKey(
        CustomTable, on_delete=models.CASCADE, related_name="rows", db_index=False
    )
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="custom_rows")
    values = models.JSONField(default=dict)

    office_scope_paths = CLIENT_SCOPE

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["table", "client"], name="clients_customrow_unique"),
        ]


# --- declarations (core/declarations.py): what the fields above do not say themselves ----

# Every field of a client's part is audited but the client it belongs to (the event names it).
_OF_CLIENT = Wire(audited=False)

IDENTIFIER = Declaration(
    ClientIdentifier,
    entity="CLIENTIDENTIFIER",
    resource="clientIdentifier",
    # The normalised number is derived from the number, which is audited.
    wires={"client": _OF_CLIENT, "document_key_normalized": Wire(audited=False)},
)
# A format rule's own fields are audited (the event names the document type).
IDENTIFIER_FORMAT = Declaration(
    IdentifierFormat,
    entity="IDENTIFIERFORMAT",
    resource="identifierformat",
    wires={"document_type": Wire(audited=False)},
)
FAMILY_MEMBER = Declaration(
    ClientFamilyMember,
    entity="FAMILYMEMBERS",
    resource="familymember",
    wires={
        "client": _OF_CLIENT,
        "firstname": Wire(api="firstName"),
        "middlename": Wire(api="middleName"),
        "lastname": Wire(api="lastName"),
    },
)
ADDRESS = Declaration(
    ClientAddress, entity="ADDRESS", resource="address", wires={"client": _OF_CLIENT}
)
