"""The roles a new institution starts with, one per usual job (docs/operations.md, "Roles").

A data migration creates each role that does not exist yet, with these permission codes;
an institution changes them on the role pages like any other role (a role it already has
under the same name is left as it is). Codes are Fineract's (users/permission_codes.py).
"""

from __future__ import annotations

from django.utils.translation import gettext, gettext_noop

from mteja.users.permission_codes import sync_permissions


def _codes(actions: str, *entities: str) -> list[str]:
    return [f"{action}_{entity}" for entity in entities for action in actions.split()]


# What every job reads: the offices, staff, lists and rules a client's page shows.
_REFERENCE = _codes(
    "READ",
    "OFFICE", "STAFF", "CODE", "CODEVALUE", "DATATABLE", "IDENTIFIERFORMAT", "CLIENTPOLICY",
    "FIELDCONFIGURATION", "GROUPPOLICY", "PORTFOLIOPOLICY", "LOANPRODUCT", "SAVINGSPRODUCT",
)  # fmt: skip
_CLIENT_PARTS = ("CLIENTIDENTIFIER", "FAMILYMEMBERS", "ADDRESS", "DOCUMENT", "CLIENTNOTE")
_READ_CLIENTS = _codes(
    "READ", "CLIENT", *_CLIENT_PARTS, "CLIENTIMAGE", "GROUP", "CENTER", "GROUPNOTE", "LOAN",
    "SAVINGSACCOUNT",
)  # fmt: skip

LOAN_OFFICER = [
    *_REFERENCE,
    *_READ_CLIENTS,
    *_codes("CREATE UPDATE", "CLIENT", *_CLIENT_PARTS, "GROUP", "GROUPNOTE"),
    *_codes("CREATE", "CLIENTIMAGE", "LOAN", "SAVINGSACCOUNT"),
    *_codes("WITHDRAW PROPOSETRANSFER WITHDRAWTRANSFER", "CLIENT"),
    *_codes("ASSOCIATECLIENTS DISASSOCIATECLIENTS", "GROUP"),
]

BRANCH_MANAGER = [
    *LOAN_OFFICER,
    *_codes(
        "DELETE ACTIVATE CLOSE REJECT REACTIVATE UNDOREJECT UNDOWITHDRAWAL ASSIGNSTAFF "
        "UNASSIGNSTAFF ACCEPTTRANSFER REJECTTRANSFER PROPOSEANDACCEPTTRANSFER EXPORT",
        "CLIENT",
    ),
    *_codes("DELETE", *_CLIENT_PARTS, "CLIENTIMAGE", "GROUPNOTE"),
    *_codes("ACTIVATE CLOSE TRANSFERCLIENTS ASSIGNSTAFF UNASSIGNSTAFF DELETE", "GROUP"),
    *_codes(
        "CREATE UPDATE ACTIVATE CLOSE ASSOCIATEGROUPS DISASSOCIATEGROUPS ASSIGNSTAFF UNASSIGNSTAFF",
        "CENTER",
    ),
    # Who approves an application also rejects it, records its withdrawal, undoes the approval
    # (and a loan's disbursal): portfolio's migration 0004 gives these to existing roles.
    *_codes("APPROVE DISBURSE REJECT WITHDRAW APPROVALUNDO DISBURSALUNDO", "LOAN"),
    *_codes("APPROVE ACTIVATE CLOSE REJECT WITHDRAW APPROVALUNDO", "SAVINGSACCOUNT"),
    *_codes("CREATE UPDATE", "STAFF"),
    *_codes("READ", "USER", "ROLE", "AUDIT"),
    # Their clerks' imports: followed, cancelled, resumed, a finished one's files deleted
    # (clients/imports/access.py).
    *_codes("READ CANCEL RESUME DELETE", "IMPORT"),
]

TELLER_CLERK = [
    *_REFERENCE,
    *_READ_CLIENTS,
    *_codes("CREATE UPDATE", "CLIENT", *_CLIENT_PARTS),
    *_codes("CREATE", "CLIENTIMAGE"),
    *_codes("DEPOSIT WITHDRAWAL", "SAVINGSACCOUNT"),
    *_codes("REPAYMENT", "LOAN"),
]

ADMINISTRATOR = [
    *_REFERENCE,
    *_codes("CREATE UPDATE DELETE", "OFFICE", "STAFF", "CODE", "CODEVALUE", "DATATABLE"),
    *_codes("UPDATE", "IDENTIFIERFORMAT", "CLIENTPOLICY", "FIELDCONFIGURATION", "GROUPPOLICY"),
    *_codes("UPDATE", "PORTFOLIOPOLICY"),
    *_codes("CREATE UPDATE", "LOANPRODUCT", "SAVINGSPRODUCT"),
    *_codes("READ CREATE UPDATE DELETE", "USER"),
    *_codes("READ CREATE UPDATE DELETE PERMISSIONS ENABLE DISABLE", "ROLE"),
    *_codes("READ", "PERMISSION", "AUDIT"),
]

# name → (description, permission codes); the auditor reads everything (ALL_FUNCTIONS_READ,
# seeded with the super user by 0002).
BUILT_IN_ROLES: dict[str, tuple[str, list[str]]] = {
    gettext_noop("Loan officer"): (
        gettext_noop(
            "Registers clients and groups of their office, keeps their documents up to date, "
            "proposes transfers; cannot activate, close or delete."
        ),
        LOAN_OFFICER,
    ),
    gettext_noop("Branch manager"): (
        gettext_noop(
            "Everything a loan officer does, plus activating, closing, rejecting and deleting "
            "clients, officer assignments, transfers, groups and centers, approvals, the audit log."
        ),
        BRANCH_MANAGER,
    ),
    gettext_noop("Teller and clerk"): (
        gettext_noop(
            "Records clients and their documents at the counter, deposits, withdrawals and "
            "repayments; no lifecycle decisions."
        ),
        TELLER_CLERK,
    ),
    gettext_noop("Administrator"): (
        gettext_noop(
            "Runs the system: offices, staff, users and roles, code lists, custom fields and "
            "rules, products; no client decisions."
        ),
        ADMINISTRATOR,
    ),
}


# Every seeded role's name and description (0002 seeded the first two), as stored: the pages
# show them in the user's language while they are unchanged; renamed or rewritten, as entered.
SEEDED_ROLE_TEXTS = {
    gettext_noop("Super user"): gettext_noop(
        "Every function in every office below the user's own."
    ),
    gettext_noop("Auditor"): gettext_noop("Reads everything, changes nothing."),
    **{name: description for name, (description, _codes) in BUILT_IN_ROLES.items()},
}


def role_label(name: str) -> str:
    return gettext(name) if name in SEEDED_ROLE_TEXTS else name


def role_description(name: str, description: str) -> str:
    seeded_text = SEEDED_ROLE_TEXTS.get(name)
    return gettext(description) if description and description == seeded_text else description


def seed_built_in_roles(apps, schema_editor=None) -> None:
    """Data-migration step: each built-in role the institution does not have yet."""
    sync_permissions(apps)
    role_model = apps.get_model("users", "Role")
    permission_model = apps.get_model("users", "Permission")
    for name, (description, codes) in BUILT_IN_ROLES.items():
        role, created = role_model.objects.get_or_create(
            name=name, defaults={"description": description}
        )
        if created:
            role.permissions.add(*permission_model.objects.filter(code__in=codes))


def grant_new_codes(apps, new_codes: set[str]) -> None:
    """Data-migration step for codes added to the built-in roles' lists later: the built-in
    roles an institution already has get those their list now holds; roles it made itself
    (or renamed) are left to it."""
    sync_permissions(apps)
    role_model = apps.get_model("users", "Role")
    permission_model = apps.get_model("users", "Permission")
    for name, (_description, codes) in BUILT_IN_ROLES.items():
        granted = new_codes.intersection(codes)
        role = role_model.objects.filter(name=name).first()
        if role is not None and granted:
            role.permissions.add(*permission_model.objects.filter(code__in=granted))
