"""The client overview's summary of accounts: total savings, outstanding loans and arrears
per currency, for users who may read accounts (a fixed three queries)."""

from django import template

from mteja.portfolio import selectors

register = template.Library()


@register.inclusion_tag("portfolio/_overview_totals.html", takes_context=True)
def account_totals(context, client):
    request = context["request"]
    user = request.user
    if not (
        user.has_fineract_permission("READ_SAVINGSACCOUNT")
        or user.has_fineract_permission("READ_LOAN")
    ):
        return {"shown": False}
    savings, loans = selectors.client_accounts(client)
    return {
        "shown": True,
        "client": client,
        "totals": selectors.totals(savings, loans),
        "in_arrears": sum(1 for loan in loans if loan.position.in_arrears),
        "open_accounts": len(savings) + len(loans),
    }
