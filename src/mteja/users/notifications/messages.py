"""Each kind of notification, declared once: its action (Fineract's word), the object it is
about, and how it reads. The words are composed when read, in the reader's language, from the
names and counts the notification keeps."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Kind:
    action: str
    object_type: str  # Fineract's: the web-app links "client" to /clients/{objectId}
    text: object  # a lazy translation with %(name)s placeholders filled from `params`
    unsigned: object = None  # the words when no one did it (the system): no %(actor)s
    # A parameter kept as a code, worded when read: {param: {code: lazy translation}}.
    worded: tuple[tuple[str, dict], ...] = ()


TRANSFER_PROPOSED = Kind(
    "transferProposed",
    "client",
    _("%(client)s is proposed for transfer from %(from_office)s to %(to_office)s by %(actor)s."),
    _("%(client)s is proposed for transfer from %(from_office)s to %(to_office)s."),
)
STAFF_ASSIGNED = Kind(
    "staffAssigned",
    "client",
    _("%(actor)s assigned %(client)s to you as loan officer."),
    _("%(client)s is assigned to you as loan officer."),
)
IMPORT_FINISHED = Kind(
    "importFinished",
    "import",
    _(
        "Import of %(file)s %(status)s by %(actor)s: %(imported)s imported, %(already)s "
        "already there, %(refused)s refused."
    ),
    _(
        "Import of %(file)s %(status)s: %(imported)s imported, %(already)s already there, "
        "%(refused)s refused."
    ),
    worded=(
        (
            "status",
            {"completed": _("completed"), "failed": _("failed"), "cancelled": _("cancelled")},
        ),
    ),
)
# A check-only import (`dry_run`) writes nothing: what its starter wants told is how many rows
# are valid, which "0 imported, 0 already there" left out.
IMPORT_CHECKED = Kind(
    "importChecked",
    "import",
    _("Check of %(file)s %(status)s by %(actor)s: %(valid)s valid, %(refused)s with errors."),
    _("Check of %(file)s %(status)s: %(valid)s valid, %(refused)s with errors."),
    worded=IMPORT_FINISHED.worded,
)
KINDS = {
    kind.action: kind
    for kind in (TRANSFER_PROPOSED, STAFF_ASSIGNED, IMPORT_FINISHED, IMPORT_CHECKED)
}


class _Blank(dict):
    def __missing__(self, key):
        return ""


def content(action: str, params: dict) -> str:
    """The notification's words in the active language."""
    kind = KINDS.get(action)
    if kind is None:
        return action
    values = _Blank(params)
    for param, words in kind.worded:
        values[param] = str(words.get(params.get(param), params.get(param, "")))
    text = kind.unsigned if kind.unsigned is not None and not params.get("actor") else kind.text
    return str(text) % values
