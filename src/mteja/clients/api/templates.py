"""Fineract's client templates: the option lists of the client forms (GET /clients/template,
and GET /clients/{id}?template=true, which lays them over the client), and the reasons a
lifecycle command offers (GET /clients/template?commandParam=close|reject|withdraw)."""

from __future__ import annotations

from mteja.clients.api import datatables as datatables_api
from mteja.clients.api.addresses import ADDRESS_CODES, address_options
from mteja.clients.api.family import FAMILY_CODES, family_member_options
from mteja.clients.api.parts import code_options
from mteja.clients.kyc import custom_fields
from mteja.clients.models import LEGAL_FORM_CODES, ClientPolicy, LegalForm
from mteja.core import clock, wire
from mteja.organisation.models import Office, Staff

# Template key → the code list of its options.
CODE_OPTIONS = {
    "genderOptions": "Gender",
    "clientTypeOptions": "ClientType",
    "clientClassificationOptions": "ClientClassification",
    "clientNonPersonConstitutionOptions": "Constitution",
    "clientNonPersonMainBusinessLineOptions": "Main Business Line",
    "maritalStatusOptions": "MARITAL STATUS",
    "professionOptions": "PROFESSION",
    "educationLevelOptions": "EDUCATION LEVEL",
    "closureReasons": "ClientClosureReason",
    "rejectionReasons": "ClientRejectReason",
    "withdrawalReasons": "ClientWithdrawReason",
}

# A command's reasons, as Fineract's template answers them (`narrations`); accepting a
# transfer offers the closure reasons, as Fineract's does.
COMMAND_REASONS = {
    "close": "ClientClosureReason",
    "acceptTransfer": "ClientClosureReason",
    "reject": "ClientRejectReason",
    "withdraw": "ClientWithdrawReason",
}


def command_template(command: str) -> dict | None:
    """`{"narrations": [...]}` for a command that takes a reason, else None (the client
    template is then answered, as Fineract does for any other commandParam)."""
    wanted = command.strip().lower()
    code = next((code for name, code in COMMAND_REASONS.items() if name.lower() == wanted), None)
    if code is None:
        return None
    return {"narrations": code_options(code)[code]}


def loan_officers(office: Office, *, selected_office_only: bool) -> list[dict]:
    """Active loan officers who may look after a client of `office`: those of the office
    itself, or (as Fineract's default) of the office and the offices above it."""
    staff = Staff.objects.filter(is_loan_officer=True, is_active=True).select_related("office")
    if selected_office_only:
        members = list(staff.filter(office=office))
    else:
        members = [m for m in staff if office.hierarchy.startswith(m.office.hierarchy)]
    return [{"id": m.pk, "displayName": m.display_name, "officeId": m.office_id} for m in members]


def client_template(offices, office: Office, *, selected_office_only: bool) -> dict:
    """The options of the client forms for a client of `office`; `offices` are those the
    user may choose from."""
    policy = ClientPolicy.current()
    # Every code list of the template in one query.
    options = code_options(*{*CODE_OPTIONS.values(), *FAMILY_CODES, *ADDRESS_CODES})
    return {
        "officeId": office.pk,
        "activationDate": wire.date_out(clock.today()),
        "officeOptions": [
            {"id": o.pk, "name": o.name, "nameDecorated": o.name_decorated} for o in offices
        ],
        "staffOptions": loan_officers(office, selected_office_only=selected_office_only),
        "clientLegalFormOptions": [
            wire.enum_out(form.value, LEGAL_FORM_CODES[form], str(form.label)) for form in LegalForm
        ],
        **{key: options[code] for key, code in CODE_OPTIONS.items()},
        "familyMemberOptions": family_member_options(options),
        "isAddressEnabled": policy.address_enabled,
        "address": [address_options(options)] if policy.address_enabled else [],
        "datatables": datatables_api.definitions(custom_fields.client_tables()),
        "savingProductOptions": [],
    }


# The template's values of a new client, which a client's own template does not carry.
NEW_CLIENT_VALUES = ("officeId", "activationDate")


def with_template(client_body: dict, template: dict) -> dict:
    """The client with the template's options laid over it, as Fineract's `template=true`
    answers: the client's own values are kept."""
    options = {
        key: value
        for key, value in template.items()
        if key not in client_body and key not in NEW_CLIENT_VALUES
    }
    return {**client_body, **options}
