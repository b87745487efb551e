"""The cells that a row's two refusals naming no parameter of it point at. `POST /clients`
refuses a client with no name at all, and an active client created without the
ACTIVATE_CLIENT permission, under the parameter `id` (as Fineract does, and as the API still
answers); in a file, that would be an error of no column, which the result file's Status and
the error list could not place. The import gives the first its name column (the first name
of a person, the full name of an entity: the file's, else the one it would have), the second
the cell that made the row active (its `active` cell, else its Active status, else its
activation date)."""

from __future__ import annotations

from dataclasses import replace

from mteja.clients.bulk.headers import ACTIVE_COLUMN
from mteja.clients.bulk.rows import RowBody, RowReader
from mteja.clients.bulk.sheets import cell_value
from mteja.clients.bulk.statuses import STATUS
from mteja.clients.models import ClientStatus, LegalForm
from mteja.clients.services.creating import ActivationNotAuthorized
from mteja.clients.validation import NO_NAME
from mteja.core.errors import MtejaError

# Which name a nameless row lacks first, by its legal form.
_NAMES_OF = {LegalForm.PERSON: ("firstname", "fullname"), LegalForm.ENTITY: ("fullname",)}


def place(
    failure: MtejaError, reader: RowReader, read: RowBody, cells: list, *, named: bool
) -> None:
    """`failure`'s errors of no parameter of the row given the parameter of their cell;
    that of no name left out when the row had one (`named`: a name cell refused as read,
    then blank, whose refusal says what to fix)."""
    placed = []
    for error in failure.errors:
        if error.code == NO_NAME:
            if named:
                continue
            error = replace(error, param=_name_param(reader, read))
        elif isinstance(failure, ActivationNotAuthorized):
            error = replace(error, param=_activation_param(reader, read, cells))
        placed.append(error)
    failure.errors = placed


def _name_param(reader: RowReader, read: RowBody) -> str:
    """The name the row should give: for a person, the first name (or the full name where
    the file has only that column); for an entity, the full name."""
    legal_form = read.body.get("legalFormId")
    entity = str(legal_form) == str(LegalForm.ENTITY.value)
    wanted = _NAMES_OF[LegalForm.ENTITY if entity else LegalForm.PERSON]
    given = {target.param for target in reader.targets.values()}
    return next((param for param in wanted if param in given), wanted[0])


def _activation_param(reader: RowReader, read: RowBody, cells: list) -> str:
    if reader.active_column is not None and cell_value(cells, reader.active_column) is not None:
        return ACTIVE_COLUMN
    if read.status.get(STATUS) == ClientStatus.ACTIVE:
        return STATUS
    return "activationDate"
