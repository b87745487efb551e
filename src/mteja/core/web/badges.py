"""Status badges: one look per meaning, declared once for every list and page.

A status is shown by its meaning, not its model: the tone comes from the enum member's name
(`ClientStatus.TRANSFER_ON_HOLD`, `GroupStatus.PENDING`, `TransferType.REJECTION`), so the
client, group, center, staff, user and transfer lists colour "pending" or "closed" alike and
a new enum with the usual names needs no mapping of its own."""

from __future__ import annotations

from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

# Meaning → CSS class (static/css/mteja.css `.badge-*`).
TONES = {
    "active": "badge-active",
    "pending": "badge-pending",
    "closed": "badge-closed",
    "rejected": "badge-rejected",
    "withdrawn": "badge-withdrawn",
    "transfer": "badge-transfer",
    "inactive": "badge-inactive",
}

# Enum member name → meaning.
MEANINGS = {
    "ACTIVE": "active",
    "ACCEPTANCE": "active",
    "PENDING": "pending",
    "PROPOSAL": "transfer",
    "TRANSFER_IN_PROGRESS": "transfer",
    "TRANSFER_ON_HOLD": "transfer",
    "CLOSED": "closed",
    "REJECTED": "rejected",
    "REJECTION": "rejected",
    "WITHDRAWN": "withdrawn",
    "WITHDRAWAL": "withdrawn",
    "INACTIVE": "inactive",
}


def badge(label, meaning: str = ""):
    """A badge reading `label`, coloured by `meaning` (a key of TONES; none: neutral)."""
    return format_html('<span class="badge {}">{}</span>', TONES.get(meaning, ""), label)


def choice_badge(choices, value):
    """The badge of `value`, a member (or the value) of the IntegerChoices `choices`."""
    try:
        member = choices(value)
    except ValueError:
        return badge(value)
    return badge(member.label, MEANINGS.get(member.name, ""))


ACTIVE, INACTIVE = _("Active"), _("Inactive")


def active_badge(active: bool, *, on=ACTIVE, off=INACTIVE):
    """A yes/no state (staff, users, roles): "Active" in green or "Inactive" in red."""
    return badge(on, "active") if active else badge(off, "inactive")
