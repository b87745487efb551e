"""What the portfolio app adds to the others when it is ready: its permission codes, the
labels of its audit actions, and the rule that a client with open accounts cannot close."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

# Fineract's permission codes of the entities this app serves; each lifecycle command adds
# its own (services/commands.py: APPROVE, REJECT, APPROVALUNDO…), in `register`.
ACTIONS = {
    "SAVINGSPRODUCT": ["READ", "CREATE", "UPDATE"],
    "SAVINGSACCOUNT": [
        "READ",
        "CREATE",
        "UPDATE",
        "DEPOSIT",
        "WITHDRAWAL",
        "UNDOTRANSACTION",
        "UPDATESAVINGSOFFICER",
        "REMOVESAVINGSOFFICER",
        "DELETE",
    ],
    "LOANPRODUCT": ["READ", "CREATE", "UPDATE"],
    "LOAN": [
        "READ",
        "CREATE",
        "UPDATE",
        "REPAYMENT",
        "ADJUST",
        "UPDATELOANOFFICER",
        "REMOVELOANOFFICER",
        "DELETE",
    ],
    "PORTFOLIOPOLICY": ["READ", "UPDATE"],
    "PAYMENTTYPE": ["READ"],
}

ACTION_LABELS = {
    "APPROVE": _("Approved"),
    "ACTIVATE": _("Activated"),
    "DEPOSIT": _("Deposit"),
    "WITHDRAWAL": _("Withdrawal"),
    "UNDOTRANSACTION": _("Transaction reversed"),
    "DISBURSE": _("Disbursed"),
    "REPAYMENT": _("Repayment"),
    "ADJUST": _("Transaction reversed"),
    "UPDATESAVINGSOFFICER": _("Officer assigned"),
    "REMOVESAVINGSOFFICER": _("Officer removed"),
    "UPDATELOANOFFICER": _("Officer assigned"),
    "REMOVELOANOFFICER": _("Officer removed"),
}

ENTITY_LABELS = {
    "SAVINGSPRODUCT": _("Savings product"),
    "SAVINGSACCOUNT": _("Savings account"),
    "LOANPRODUCT": _("Loan product"),
    "LOAN": _("Loan"),
    "PORTFOLIOPOLICY": _("Portfolio rules"),
    "PAYMENTTYPE": _("Payment type"),
}


def register() -> None:
    from mteja.clients.services import guards
    from mteja.core.web import labels
    from mteja.portfolio.rules import refuse_close_with_open_accounts, refuse_transfer_in_arrears
    from mteja.portfolio.services.commands import LOAN_COMMANDS, SAVINGS_COMMANDS
    from mteja.users import permission_codes, permission_labels

    for entity, actions in ACTIONS.items():
        permission_codes.add_actions("portfolio", entity, actions)
    for entity, registry in (("SAVINGSACCOUNT", SAVINGS_COMMANDS), ("LOAN", LOAN_COMMANDS)):
        permission_codes.add_actions("portfolio", entity, [c.action for c in registry.values()])
        for command in registry.values():
            permission_labels.ACTION_LABELS.setdefault(command.action, command.label)
            if command.history:
                labels.ACTION_LABELS.setdefault(command.action, command.history)
    for code, label in ACTION_LABELS.items():
        labels.ACTION_LABELS.setdefault(code, label)
    labels.ENTITY_LABELS.update(ENTITY_LABELS)
    from mteja.clients.models import Client
    from mteja.core.web.journal import RECORD_PAGES, RecordPage

    for entity in ("LOAN", "SAVINGSACCOUNT"):  # an account's events lead to its client
        RECORD_PAGES[entity] = RecordPage(Client, "client_detail", key="client_id")
    if refuse_close_with_open_accounts not in guards.CLOSE_GUARDS:
        guards.CLOSE_GUARDS.append(refuse_close_with_open_accounts)
    if refuse_transfer_in_arrears not in guards.TRANSFER_GUARDS:
        guards.TRANSFER_GUARDS.append(refuse_transfer_in_arrears)
