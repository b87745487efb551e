"""The client record, its lifecycle timeline, transfers and loan-officer history."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mteja.core.declarations import Declaration, Wire
from mteja.core.fields import optional_text, reference
from mteja.core.querysets import BaseModel

__all__ = [
    "ClientStatus", "STATUS_CODES", "LegalForm", "LEGAL_FORM_CODES", "Client",
    "ClientNonPerson", "TransferType", "ClientTransfer", "StaffAssignment",
    "code_value_field", "CLIENT", "NON_PERSON", "CLIENT_RULES",
]  # fmt: skip

# The group (core/stamps.py) of the settings every client write reads, kept in each worker's
# memory: the client policy, and what activation checks (document types, which are code
# values, their format rules, the client tables and their columns). clients/apps.py names
# the models whose changes renew its token.
CLIENT_RULES = "client-rules"


class ClientStatus(models.IntegerChoices):
    PENDING = 100, _("Pending")
    ACTIVE = 300, _("Active")
    TRANSFER_IN_PROGRESS = 303, _("Transfer in progress")
    TRANSFER_ON_HOLD = 304, _("Transfer on hold")
    CLOSED = 600, _("Closed")
    REJECTED = 700, _("Rejected")
    WITHDRAWN = 800, _("Withdrawn")


# Fineract's enum codes and list-filter names for each status.
STATUS_CODES = {
    ClientStatus.PENDING: ("clientStatusType.pending", "pending"),
    ClientStatus.ACTIVE: ("clientStatusType.active", "active"),
    ClientStatus.TRANSFER_IN_PROGRESS: (
        "clientStatusType.transfer.in.progress",
        "transfer_in_progress",
    ),
    ClientStatus.TRANSFER_ON_HOLD: ("clientStatusType.transfer.on.hold", "transfer_on_hold"),
    ClientStatus.CLOSED: ("clientStatusType.closed", "closed"),
    ClientStatus.REJECTED: ("clientStatusType.rejected", "rejected"),
    ClientStatus.WITHDRAWN: ("clientStatusType.withdraw", "withdrawn"),
}


class LegalForm(models.IntegerChoices):
    PERSON = 1, _("Person")
    ENTITY = 2, _("Entity")


LEGAL_FORM_CODES = {
    LegalForm.PERSON: "legalFormType.person",
    LegalForm.ENTITY: "legalFormType.entity",
}


def code_value_field(verbose_name, code: str, related_name="+", **kwargs):
    """A reference to a value of the code list named `code`; PROTECT, so a value in use cannot
    be deleted. The list's name is declared here once: services resolve values against it, the
    API's templates and the forms offer its values."""
    options = {"null": True, "blank": True, **kwargs}
    field = models.ForeignKey(
        "organisation.CodeValue",
        verbose_name=verbose_name,
        on_delete=models.PROTECT,
        related_name=related_name,
        **options,
    )
    field.code_name = code
    return field


def _user(related_name, **kwargs):
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name=related_name,
        **kwargs,
    )


def _maker():
    """Who took a step of a client's (or of its transfer, its officer's assignment): not
    indexed. Users are never removed (a deleted user is disabled: users/services/users.py),
    so no PROTECT check looks for the rows naming one, and no list, filter or export reads
    clients by these columns (decision 243)."""
    return _user("+", db_index=False)


# References a client is given only by a later command (closing, rejecting, withdrawing,
# reactivating, reopening), empty on nearly every row: indexed only where they hold a value
# (what a PROTECT check or a filter by one of them reads), so that creating a client — a
# bulk import's million — writes no index entry for them (decision 76).
SET_LATER = ("closed_by", "closure_reason", "rejected_by", "rejection_reason", "withdrawn_by",
             "withdrawal_reason", "reactivated_by", "reopened_by")  # fmt: skip


class Client(BaseModel):
    account_no = models.CharField(_("account number"), max_length=20, null=True, blank=True)
    external_id = models.CharField(_("external id"), max_length=100, null=True, blank=True)
    status = models.IntegerField(
        _("status"), choices=ClientStatus.choices, default=ClientStatus.PENDING, db_index=True
    )
    legal_form = models.IntegerField(
        _("legal form"), choices=LegalForm.choices, default=LegalForm.PERSON
    )
    # Indexed by Meta.indexes, which lead with them (the lists' composite indexes).
    office = reference("organisation.Office", _("office"), "clients", indexed=False)
    transfer_to_office = reference(
        "organisation.Office",
        _("transfer to office"),
        "incoming_clients",
        optional=True,
        indexed=False,
    )
    staff = reference(
        "organisation.Staff", _("loan officer"), "clients", optional=True, indexed=False
    )

    firstname = optional_text(_("first name"), 50)
    middlename = optional_text(_("middle name"), 50)
    lastname = optional_text(_("last name"), 50)
    fullname = optional_text(_("full name"), 160)
    # Indexed by Meta.indexes (a plain B-tree: the list's order; nothing reads it by LIKE).
    display_name = models.CharField(_("display name"), max_length=160)
    mobile_no = models.CharField(_("mobile number"), max_length=50, blank=True, default="")
    # mobile_no in E.164 with the institution's default country (clients/phones.py): what the
    # duplicate-mobile rule and the mobileNo filter compare, by index. Derived, never typed.
    mobile_key = models.CharField(max_length=50, blank=True, default="", editable=False)
    # display_name folded for the search's index (clients/search/): derived, never typed.
    search_name = models.CharField(max_length=200, blank=True, default="", editable=False)
    email_address = optional_text(_("email"), 150)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    gender = code_value_field(_("gender"), "Gender")
    client_type = code_value_field(_("client type"), "ClientType")
    client_classification = code_value_field(_("classification"), "ClientClassification")
    is_staff = models.BooleanField(_("is staff"), default=False)

    # KYC fields Fineract leaves to custom datatables; first-class here.
    marital_status = code_value_field(_("marital status"), "MARITAL STATUS")
    number_of_dependents = models.PositiveSmallIntegerField(
        _("number of dependents"), null=True, blank=True, validators=[MaxValueValidator(50)]
    )
    profession = code_value_field(_("profession"), "PROFESSION")
    education_level = code_value_field(_("education level"), "EDUCATION LEVEL")
    monthly_income = models.DecimalField(
        _("monthly income"),
        max_digits=19,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )

    submitted_on = models.DateField(_("submitted on"))
    submitted_by = _maker()
    activation_date = models.DateField(_("activation date"), null=True, blank=True)
    activated_by = _maker()
    office_joining_date = models.DateField(_("joined the office on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closed_by = _user("+", db_index=False)
    closure_reason = code_value_field(_("closure reason"), "ClientClosureReason", db_index=False)
    rejected_on = models.DateField(_("rejected on"), null=True, blank=True)
    rejected_by = _user("+", db_index=False)
    rejection_reason = code_value_field(_("rejection reason"), "ClientRejectReason", db_index=False)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawn_by = _user("+", db_index=False)
    withdrawal_reason = code_value_field(
        _("withdrawal reason"), "ClientWithdrawReason", db_index=False
    )
    reactivated_on = models.DateField(_("reactivated on"), null=True, blank=True)
    reactivated_by = _user("+", db_index=False)
    reopened_on = models.DateField(_("reopened on"), null=True, blank=True)
    reopened_by = _user("+", db_index=False)
    proposed_transfer_date = models.DateField(_("proposed transfer date"), null=True, blank=True)

    created_by = _maker()
    last_modified_by = _maker()
    version = models.PositiveIntegerField(default=1)

    # A client awaiting transfer is visible from both offices.
    office_scope_paths = ("office", "transfer_to_office")

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["account_no"],
                condition=Q(account_no__isnull=False),
                name="clients_client_unique_account_no",
            ),
            models.UniqueConstraint(
                fields=["external_id"],
                condition=Q(external_id__isnull=False),
                name="clients_client_unique_external_id",
            ),
        ]
        indexes = [
            # Lists read a branch user's clients office by office in id order (core.paging),
            # with or without the common filters; each ends in id so a page is a range read.
            # PostgreSQL also keeps the folded name in the first (SQLite has no INCLUDE): a
            # branch user's search for a common name then finds the office's newest matches
            # by walking that index alone, never the table (decision 71).
            models.Index(
                fields=["office", "id"], name="clients_office_id", include=["search_name"]
            ),
            models.Index(fields=["office", "status", "id"], name="clients_office_status_id"),
            models.Index(fields=["office", "legal_form", "id"], name="clients_office_form_id"),
            models.Index(fields=["office", "staff", "id"], name="clients_office_staff_id"),
            models.Index(fields=["staff", "id"], name="clients_staff_id"),
            # The few clients awaiting transfer, seen from the destination's subtree (and
            # the check that an office about to be deleted receives no client).
            models.Index(
                fields=["transfer_to_office", "id"],
                condition=Q(transfer_to_office__isnull=False),
                name="clients_transfer_to_id",
                include=["search_name"],
            ),
            # The dashboard's clients activated and closed per month of the last year: a range
            # of dates read with the office from the index alone (reports/client_counts.py).
            models.Index(
                fields=["activation_date", "office"],
                condition=Q(activation_date__isnull=False),
                name="clients_activated_office",
            ),
            models.Index(
                fields=["closed_on", "office"],
                condition=Q(closed_on__isnull=False),
                name="clients_closed_office",
            ),
            # The same-name-and-birth-date duplicate check reads the few clients born that day.
            models.Index(fields=["date_of_birth"], name="clients_date_of_birth"),
            # GET /clients?orderBy=displayName (ORDER_FIELDS) reads a page of it in order.
            models.Index(fields=["display_name"], name="clients_display_name"),
            # The mobile number's key, read whole (GET /clients?mobileNo=, the duplicate
            # check) and by its start (the search): on PostgreSQL one `varchar_pattern_ops`
            # index serves both (its operator family holds `=`); SQLite ignores the class
            # and its plain index serves both too (decision 305).
            models.Index(
                fields=["mobile_key"], name="clients_mobile_key", opclasses=["varchar_pattern_ops"]
            ),
            *(
                models.Index(
                    fields=[name], condition=Q(**{f"{name}__isnull": False}), name=f"clients_{name}"
                )
                for name in SET_LATER
            ),
        ]

    def __str__(self):
        return self.display_name

    @property
    def is_active(self) -> bool:
        return self.status == ClientStatus.ACTIVE


class ClientNonPerson(BaseModel):
    """Details of a client that is an entity (a business, a cooperative)."""

    client = models.OneToOneField(Client, on_delete=models.CASCADE, related_name="non_person")
    constitution = code_value_field(_("constitution"), "Constitution")
    incorp_no = optional_text(_("incorporation number"), 50)
    incorp_validity_till = models.DateField(_("incorporation valid until"), null=True, blank=True)
    main_business_line = code_value_field(_("main business line"), "Main Business Line")
    remarks = optional_text(_("remarks"), 150)


# Who took a step is the journal event's maker; these columns are not audited again.
_MAKERS = ("submitted_by", "activated_by", "closed_by", "rejected_by", "withdrawn_by",
           "reactivated_by", "reopened_by", "created_by", "last_modified_by")  # fmt: skip
# Client fields an API body or a form may set (create and update); the rest belong to commands.
_EDITABLE = ("legal_form", "account_no", "external_id", "firstname", "middlename", "lastname",
             "fullname", "mobile_no", "email_address", "date_of_birth", "gender", "client_type",
             "client_classification", "is_staff", "marital_status", "number_of_dependents",
             "profession", "education_level", "monthly_income", "submitted_on",
             "staff")  # fmt: skip
# Fields an administrator may make mandatory (ClientPolicy.required_fields_*).
_REQUIRABLE = ("firstname", "middlename", "lastname", "external_id", "mobile_no",
               "email_address", "date_of_birth", "gender", "client_type", "client_classification",
               "staff", "marital_status", "profession", "education_level", "monthly_income",
               "number_of_dependents")  # fmt: skip
_CLIENT_API_NAMES = {
    "legal_form": "legalFormId", "submitted_on": "submittedOnDate", "closed_on": "closureDate",
    "rejected_on": "rejectionDate", "withdrawn_on": "withdrawalDate",
    "reactivated_on": "reactivationDate",
}  # fmt: skip


# Derived from other fields, which are echoed themselves.
_DERIVED = ("display_name", "office_joining_date", "mobile_key", "search_name")


def _client_wires() -> dict[str, Wire]:
    names = {*_MAKERS, *_EDITABLE, *_REQUIRABLE, *_CLIENT_API_NAMES, *_DERIVED}
    return {
        name: Wire(
            api=_CLIENT_API_NAMES.get(name),
            # The keys follow mobile_no and the names, which are journalled themselves.
            audited=name not in (*_MAKERS, "mobile_key", "search_name"),
            echoed=name not in _DERIVED,
            requirable=name in _REQUIRABLE,
            editable=name in _EDITABLE,
        )
        for name in names
    }


NON_PERSON = Declaration(
    ClientNonPerson,
    entity="CLIENT",
    resource="client",
    wires={
        "client": Wire(audited=False, editable=False),
        "incorp_no": Wire(api="incorpNumber", requirable=True, editable=True),
        "incorp_validity_till": Wire(api="incorpValidityTillDate", requirable=True, editable=True),
        "constitution": Wire(requirable=True, editable=True),
        "main_business_line": Wire(requirable=True, editable=True),
        "remarks": Wire(requirable=True, editable=True),
    },
)
CLIENT = Declaration(
    Client,
    entity="CLIENT",
    resource="client",
    wires=_client_wires(),
    parts={"non_person": NON_PERSON},
)


class TransferType(models.IntegerChoices):
    PROPOSAL = 1, _("Proposed")
    ACCEPTANCE = 2, _("Accepted")
    WITHDRAWAL = 3, _("Withdrawn")
    REJECTION = 4, _("Rejected")


class ClientTransfer(BaseModel):
    """One step of an office transfer (Fineract's m_client_transfer_details)."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="transfers")
    from_office = models.ForeignKey(
        "organisation.Office", on_delete=models.PROTECT, related_name="+"
    )
    to_office = models.ForeignKey("organisation.Office", on_delete=models.PROTECT, related_name="+")
    proposed_transfer_date = models.DateField(null=True, blank=True)
    transfer_type = models.IntegerField(choices=TransferType.choices)
    submitted_on = models.DateField()
    submitted_by = _maker()
    note = models.CharField(max_length=1000, blank=True, default="")

    office_scope_paths = ("client__office", "client__transfer_to_office")

    class Meta:
        ordering = ["client_id", "id"]


class StaffAssignment(BaseModel):
    """One period during which a loan officer served a client."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="staff_assignments")
    staff = models.ForeignKey("organisation.Staff", on_delete=models.PROTECT, related_name="+")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    assigned_by = _maker()

    office_scope_paths = ("client__office", "client__transfer_to_office")

    class Meta:
        ordering = ["client_id", "start_date", "id"]
