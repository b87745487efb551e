"""What the endpoints of a client's parts (identifiers, family members, addresses, custom
field entries) share: finding the client for a read or a write, the write result Fineract
answers, the request's JSON object, and the option lists of their templates."""

from __future__ import annotations

from mteja.clients.api.serializers import CodeValueRef
from mteja.clients.models import Client
from mteja.clients.selectors import client_not_found
from mteja.core import wire
from mteja.core.api.errors import InvalidRequestBody
from mteja.core.api.inputs import ALWAYS_ALLOWED
from mteja.core.api.views import get_for_write, get_scoped
from mteja.organisation.models import CodeValue


def _client(find, request, client_id) -> Client:
    clients = Client.objects.select_related("office")
    return find(clients, client_id, request.user, lambda: client_not_found(client_id))


def client_for_read(request, client_id) -> Client:
    """The client if the user may see it (404 otherwise)."""
    return _client(get_scoped, request, client_id)


def client_for_write(request, client_id) -> Client:
    """The client to change: 404 if it does not exist, 403 outside the user's offices."""
    return _client(get_for_write, request, client_id)


def part_result(client: Client, resource_id: int, changes: dict | None = None) -> dict:
    """Fineract's answer to a write on a client's part."""
    return wire.write_result(
        resource_id, officeId=client.office_id, clientId=client.pk, changes=changes
    )


def json_object(request, *, empty_allowed: bool = False) -> dict:
    """The request's JSON object (400 when it is not one; with `empty_allowed`, no body is
    an empty object)."""
    data = request.data
    if empty_allowed and not data:
        return {}
    if not isinstance(data, dict):
        raise InvalidRequestBody("The request body must be a JSON object.")
    return data


def without_format_keys(data: dict) -> dict:
    """`data` without the wire-format keys every body may carry (`locale`, `dateFormat`)."""
    return {key: value for key, value in data.items() if key not in ALWAYS_ALLOWED}


def code_options(*code_names: str) -> dict[str, list]:
    """The active values of each named code list, in one query."""
    values = (
        CodeValue.objects.filter(code__name__in=code_names, is_active=True)
        .select_related("code")
        .order_by("position", "id")
    )
    grouped: dict[str, list] = {name: [] for name in code_names}
    for value in values:
        grouped[value.code.name].append(value)
    return {name: CodeValueRef(items, many=True).data for name, items in grouped.items()}
