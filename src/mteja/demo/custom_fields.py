"""A demo custom-field table: "Household", one row per client, filled in for some of the demo
people, so the client page (and the Mifos X web-app's datatable tab) has something to show.
Everything goes through the custom fields' services."""

from __future__ import annotations

import random

from mteja.clients.kyc import custom_fields
from mteja.clients.models import Client, LegalForm

INCOMES = ["Farming", "Retail trade", "Tailoring", "Transport", "Fishing", "Salaried work"]
FILLED_SHARE = 3  # one person in this many has the table filled in


def load_custom_fields(rng: random.Random) -> int:
    """The Household table and its rows; returns how many rows were filled in."""
    definition = custom_fields.read_table_definition(
        {
            "datatableName": "household",
            "columns": [
                {"name": "household_size", "type": "Number", "min": 1, "max": 40},
                {"name": "main_income", "type": "String", "length": 60},
            ],
        }
    )
    table = custom_fields.custom_table_create(actor=None, definition=definition)
    people = Client.objects.filter(legal_form=LegalForm.PERSON).order_by("id")
    filled = 0
    for client in people[::FILLED_SHARE]:
        values = {"household_size": rng.randint(1, 9), "main_income": rng.choice(INCOMES)}
        custom_fields.custom_row_create(actor=None, table=table, client=client, values=values)
        filled += 1
    return filled
