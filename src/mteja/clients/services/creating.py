"""Creating a client, in two steps a bulk import can take apart: `prepare_client` checks
everything a request is checked for and builds the unsaved rows (reading the database, never
writing it), `write_client` writes them in one transaction. `client_create` is both."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from mteja.clients import validation
from mteja.clients.kyc import addresses, custom_fields, family
from mteja.clients.models import (
    Client,
    ClientNonPerson,
    ClientPolicy,
    ClientStatus,
    IdentifierStatus,
    LegalForm,
    StaffAssignment,
)
from mteja.clients.search import indexing as search
from mteja.clients.services.account_numbers import set_generated_account_no
from mteja.clients.services.activation import (
    activate,
    check_activation,
    ensure_ready_for_activation,
)
from mteja.clients.services.duplicates import MOBILE_RULE, NAME_RULE, apply_duplicate_policy
from mteja.clients.services.inline import (
    create_identifiers,
    read_inline_identifiers,
    refuse_taken_identifiers,
)
from mteja.clients.services.records import (
    apply_fields,
    apply_non_person,
    check_model_rules,
    display_name_of,
)
from mteja.clients.services.steps import CLIENT_UNIQUE, ClientWrite, actor_user, snapshot
from mteja.core import audit, clock, writes
from mteja.core.errors import NotAuthorized, Problems
from mteja.core.instances import new_instance, set_values
from mteja.core.scoping import ensure_office_in_scope
from mteja.core.uniqueness import raise_first_conflict
from mteja.organisation.models import Office
from mteja.users.notifications import services as notifications

DUPLICATE_RULES = (MOBILE_RULE, NAME_RULE)
# (Enum members read once: decision 261.)
_PENDING, _PERSON = ClientStatus.PENDING, LegalForm.PERSON
_ACTIVE_DOCUMENT = IdentifierStatus.ACTIVE


class ActivationNotAuthorized(NotAuthorized):
    """An active client created by a user without ACTIVATE_CLIENT: the request's refusal
    (its parameter `id`, as Fineract's), which an import names by the cell that made the row
    active (bulk/refusal_cells.py)."""

    def __init__(self):
        super().__init__(_("Creating an active client needs the ACTIVATE_CLIENT permission."))


@dataclass
class PreparedClient:
    """A new client checked and built, not saved: its row, its entity details and the parts
    that came with it, read already."""

    actor: Any
    office: Office
    policy: ClientPolicy
    client: Client
    non_person: ClientNonPerson | None
    addresses: list = field(default_factory=list)
    identifiers: list = field(default_factory=list)
    custom_rows: list = field(default_factory=list)
    family: list = field(default_factory=list)

    @property
    def bulk_writable(self) -> bool:
        """Whether `bulk_create.write_clients` writes all of it (family members are written
        by their own service, through `write_client`)."""
        return not self.family


def client_create(*, actor, office: Office, fields: dict[str, Any]) -> ClientWrite:
    """Creates a client; with `active` and `activation_date` in `fields` it is activated too
    (which needs the ACTIVATE_CLIENT permission besides CREATE_CLIENT).

    `fields` uses model names with `_id` for references (`gender_id`, `staff_id`, …) and
    `non_person` for the entity details. Parts of the client may come along, as received
    from the API: `address` (Fineract's address array), `identifiers` (Mteja's
    [{documentTypeId, documentKey, …}]), `datatables` (Fineract's [{registeredTableName,
    data}]), with `date_format` and `locale` to read their dates, and `family_members`
    (family.FamilyMemberInput, read already). All is written in this one
    transaction, or nothing is.

    Checks, in order: every 400 (and 404) of the request at once; then the 403s — a
    document number that belongs to another client, what activation needs, and the
    duplicates the institution's policy refuses. Duplicates it only warns about come back
    in `warnings`.

    The checks that read only settings run before the transaction; the duplicate look-up
    (one indexed query) and the writes run inside it, so on SQLite the write lock is taken
    only for them (docs/decisions.md).
    """
    return write_client(prepare_client(actor=actor, office=office, fields=fields))


def prepare_client(
    *, actor, office: Office, fields: dict[str, Any], held: frozenset[str] = frozenset()
) -> PreparedClient:
    """Every check of a create but the duplicate policy's (`write_client` runs it under the
    write lock; `apply_duplicate_policy` alone tells a dry run); raises what the request
    would answer. `held`: the client fields whose model limits the caller's input held
    `fields` to already (core/api/model_fields.held_limits), not checked twice."""
    ensure_office_in_scope(actor, office)
    active = bool(fields.get("active"))
    if active and actor is not None and not actor.has_fineract_permission("ACTIVATE_CLIENT"):
        raise ActivationNotAuthorized
    policy = ClientPolicy.current()
    problems = Problems()
    today = clock.today()
    client = new_instance(
        Client,
        office=office,
        status=_PENDING,
        legal_form=fields.get("legal_form") or _PERSON,
    )
    non_person_details = apply_fields(client, fields, policy, problems)
    activation_date = fields.get("activation_date")
    if active and not activation_date:
        problems.add(
            "activationDate",
            "cannot.be.blank",
            _("An activation date is required to create an active client."),
        )
    # Fineract's default: submitted today, or on the activation date when that is earlier.
    submitted_on = fields.get("submitted_on") or (
        min(today, activation_date) if active and activation_date else today
    )
    client.submitted_on = submitted_on
    if active and activation_date and fields.get("submitted_on") and submitted_on > activation_date:
        problems.add(
            "submittedOnDate",
            "error.msg.clients.submittedOnDate.after.activation.date",
            _("The submission date cannot be after the activation date."),
            submitted_on,
        )
    validation.check_names(client, problems)
    validation.check_external_id(client, problems)
    validation.check_contact(client, problems)
    validation.check_policy_formats(client, policy, problems)
    validation.check_dates(client, today, problems)
    validation.check_age(client, client.submitted_on, problems)
    if fields.get("staff_id"):
        staff = validation.resolve_loan_officer(fields["staff_id"], office, problems)
        set_values(client, {"staff": staff})
    non_person = apply_non_person(client, non_person_details, problems)
    check_model_rules(client, non_person, problems, held)
    validation.check_required(client, non_person, policy, problems)
    date_format, locale = fields.get("date_format"), fields.get("locale")
    prepared = PreparedClient(
        actor=actor,
        office=office,
        policy=policy,
        client=client,
        non_person=non_person,
        addresses=addresses.validate_inline_addresses(
            fields.get("address"), problems, legal_form=client.legal_form
        ),
        identifiers=read_inline_identifiers(
            fields.get("identifiers"), problems, date_format=date_format, locale=locale
        ),
        custom_rows=custom_fields.validate_inline_rows(
            fields.get("datatables"), problems, date_format=date_format, locale=locale
        ),
        family=family.check_inline_members(fields.get("family_members"), problems),
    )
    if active and activation_date:
        check_activation(client, activation_date, problems)
    problems.raise_if_any()

    client.display_name = display_name_of(client)
    search.index_client(client)  # the search's key of the name
    refuse_taken_identifiers(actor, prepared.identifiers)
    if active:
        ensure_ready_for_activation(
            client,
            identifier_type_ids={
                item.document_type.pk
                for item in prepared.identifiers
                if item.status == _ACTIVE_DOCUMENT
            },
            custom_values={row.table.pk: row.values for row in prepared.custom_rows},
        )
    user = actor_user(actor)
    set_values(client, {"submitted_by": user, "created_by": user, "last_modified_by": user})
    if active and activation_date:
        activate(client, user, activation_date)  # inserted active: no second write
    return prepared


def write_client(prepared: PreparedClient) -> ClientWrite:
    """Writes a prepared client and its parts in one transaction, after the duplicate
    policy's look-up (inside it, under the write lock)."""
    client, actor = prepared.client, prepared.actor
    user = actor_user(actor)
    try:
        with transaction.atomic():
            warnings = apply_duplicate_policy(client, actor, prepared.policy, DUPLICATE_RULES)
            changes = _insert(client, prepared.non_person, user)
            _unused, address_changes = addresses.create_inline_addresses(
                actor=actor, client=client, addresses=prepared.addresses
            )
            writes.record(
                client,
                actor=actor,
                action="CREATE",
                changes={**changes, **address_changes},
                office=prepared.office,
                client_id=client.pk,
            )
            create_identifiers(actor, client, prepared.identifiers)
            family.create_inline_members(actor=actor, client=client, members=prepared.family)
            custom_fields.create_inline_rows(actor=actor, client=client, rows=prepared.custom_rows)
    except IntegrityError:
        # A taken external id or account number: the constraint refused the insert and the
        # transaction is rolled back; name the field (no look-up first: the common case,
        # a free value, costs nothing).
        client.pk = None
        raise_first_conflict(client, CLIENT_UNIQUE)
        raise
    return ClientWrite(client, changes, warnings)


def _insert(client: Client, non_person, user) -> dict[str, list]:
    """Inserts the client and its parts; returns its CREATE changes."""
    client.save(force_insert=True)
    search.learn_client(client)
    if not client.account_no:
        set_generated_account_no(client)
    if non_person is not None:
        non_person.save()
    client._state.fields_cache["non_person"] = non_person  # known: no query for the snapshot
    if client.staff_id:
        StaffAssignment.objects.create(
            client=client, staff=client.staff, start_date=client.submitted_on, assigned_by=user
        )
        notifications.officer_assigned(client, client.staff, user)
    return audit.diff({}, snapshot(client))
