"""A row's status (the export's `status` column): pending and active as the `active` column
of `POST /clients` makes them (`settle_active`); closed, rejected and withdrawn
through the command that records each (its date and reason columns — `closureDate`,
`closureReason`… — read by its own input, then the service's checks, services/commands.py
`record_on_new_client`), set on the client before it is written; a transfer's statuses
refused: a transfer is proposed once the client is in."""

from __future__ import annotations

from dataclasses import replace

from django.utils.translation import gettext_lazy

from mteja.clients import lifecycle
from mteja.clients.api.commands import INPUTS
from mteja.clients.models import Client, ClientStatus
from mteja.clients.services.commands import RECORDED_BY, record_on_new_client
from mteja.core.api.inputs import BodyReader
from mteja.core.errors import DomainError, MtejaError

STATUS = "status"  # the column, and its parameter in a row's status values
ACTIVE = "active"  # POST /clients's parameter (headers.ACTIVE_COLUMN)
_AS_CREATED = {ClientStatus.PENDING, ClientStatus.ACTIVE}
_NOT_CREATED = gettext_lazy(
    "The client is %(status)s: the import creates pending, active, closed, rejected and "
    "withdrawn clients; import it active and propose its transfer afterwards."
)
_DISAGREES = gettext_lazy(
    "The status is %(status)s, but the active column says otherwise: give one of them, or "
    "make them agree."
)


def settle_active(read_body: dict, status_values: dict, errors: list) -> None:
    """A pending or active status (the export's) makes the client so, as the active column
    would: a row Active without an activation date was created pending, and one Pending
    with it active. A row whose active cell says otherwise is refused by its status."""
    status = status_values.get(STATUS)
    if status not in _AS_CREATED:
        return
    wanted = status == ClientStatus.ACTIVE
    given = read_body.get(ACTIVE)
    if given is None or given == wanted:  # (True, or 1 as a spreadsheet's yes)
        read_body[ACTIVE] = wanted
    elif given in (True, False):  # (another word: the API's input refuses it)
        errors.append((STATUS, _DISAGREES % {"status": ClientStatus(status).label}))


def permissions_rows_may_need() -> frozenset[str]:
    """Every permission writing a row may ask of its importer: CREATE_CLIENT; ACTIVATE_CLIENT
    for an active client (`prepare_client`); each recorded status's command's permission
    (`record_on_new_client`)."""
    activate = lifecycle.COMMANDS["activate"].permission
    recorded = (command.permission for command in RECORDED_BY.values())
    return frozenset({"CREATE_CLIENT", activate, *recorded})


# The columns by which a row may ask a permission beyond CREATE_CLIENT: an active client (an
# activation date alone makes it so, as the template's rows) and a recorded status.
_ACTIVATING = {ACTIVE, STATUS, "activationDate"}


def permissions_columns_may_need(names: set[str] | None) -> frozenset[str]:
    """The permissions of `permissions_rows_may_need` that rows of a file with these columns
    (Mteja's names: RowReader.names) may ask; all of them for columns unknown (None)."""
    if names is None:
        return permissions_rows_may_need()
    needed = {"CREATE_CLIENT"}
    if names & _ACTIVATING:
        needed.add(lifecycle.COMMANDS["activate"].permission)
    if STATUS in names:
        needed.update(command.permission for command in RECORDED_BY.values())
    return frozenset(needed)


def columns_ask(reader) -> frozenset[str]:
    """The permissions rows read by `reader` (a file's RowReader) may ask, by its columns."""
    return permissions_columns_may_need(set(filter(None, reader.names)))


def _inputs(command: lifecycle.Command) -> list[str]:
    return [p.api for p in command.params if isinstance(p, lifecycle.Day | lifecycle.Reason)]


def status_params() -> set[str]:
    """The parameters a row's status takes: the status, and each recording command's date
    and reason (closureDate, closureReasonId…)."""
    return {STATUS} | {api for command in RECORDED_BY.values() for api in _inputs(command)}


class StatusRecorder:
    """Brings the rows' new clients of one file to their status; each command's input
    built once."""

    def __init__(self):
        self._readers: dict[str, BodyReader] = {}

    def record(self, actor, client: Client, values: dict) -> None:
        """`values`: the row's status and its commands' dates and reasons, by parameter
        (what `RowReader` read of them). Raises what the command would answer, a refusal
        of the status itself under the status column."""
        status = values.get(STATUS)
        if status is None or status in _AS_CREATED:
            return
        command = RECORDED_BY.get(status)
        if command is None:
            shown = ClientStatus(status).label if status in ClientStatus.values else status
            message = _NOT_CREATED % {"status": shown}
            raise DomainError("error.msg.client.import.status.unsupported", message, param=STATUS)
        name = command.name.lower()
        if name not in self._readers:
            self._readers[name] = BodyReader(INPUTS[name])
        day_param, reason_param = (
            command.param(kind) for kind in (lifecycle.Day, lifecycle.Reason)
        )
        data = self._readers[name].read(
            {api: values[api] for api in _inputs(command) if api in values}
        )
        try:
            record_on_new_client(
                actor=actor,
                client=client,
                status=status,
                day=data.get(day_param.api),
                reason_id=data.get(reason_param.api),
            )
        except MtejaError as refused:
            # The status a command runs from is refused naming no parameter: the status's.
            refused.errors = [
                replace(error, param=STATUS) if error.param == "id" else error
                for error in refused.errors
            ]
            raise
