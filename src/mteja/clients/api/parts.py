"""What the endpoints of a client's parts (identifiers, family members, addresses, custom
field entries) share: finding the client for a read or a write, the write result Fineract
answers, the request's JSON object, and the option lists of their templates."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from mteja.clients.api.serializers import CodeValueRef
from mteja.clients.models import Client
from mteja.clients.selectors import client_not_found
from mteja.core import wire
from mteja.core.api.errors import InvalidRequestBody
from mteja.core.api.fields import WriteResultSerializer
from mteja.core.api.inputs import ALWAYS_ALLOWED, parse_body
from mteja.core.api.views import FineractAPIView, get_scoped
from mteja.organisation.models import CodeValue


def _client(find, request, client_id) -> Client:
    clients = Client.objects.select_related("office")
    return find(clients, client_id, request.user, lambda: client_not_found(client_id))


def client_for_read(request, client_id) -> Client:
    """The client if the user may see it (404 otherwise)."""
    return _client(get_scoped, request, client_id)


def client_for_write(request, client_id) -> Client:
    """The client to change: 404 if it does not exist or lies outside the user's offices, as
    for a read, so that ids cannot be probed by writing. (A client awaiting a transfer into
    the user's office is found; the services refuse what that side may not do, 403.)"""
    return _client(get_scoped, request, client_id)


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


class ClientPartsView(FineractAPIView):
    # A client's parts of one kind (identity documents, family members), declared: GET lists
    # `parts(client)` shown by `output`; POST reads the body with `input` and adds one with
    # `add`. `operations` are Fineract's operation ids of the two. (Comments: a docstring
    # would be each operation's description in the OpenAPI schema.)
    client_kwarg = "client_id"  # the URL's argument naming the client
    input: type
    output: type
    operations: tuple[str, str]
    # Whose parts they are: a client unless a subclass names other owners (a group's notes).
    owner_for_read = staticmethod(client_for_read)
    owner_for_write = staticmethod(client_for_write)
    result = staticmethod(part_result)

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        listing, adding = cls.operations

        def get(self, request, **kwargs):
            client = self.owner_for_read(request, kwargs[self.client_kwarg])
            return Response(self.output(self.parts(client), many=True).data)

        def post(self, request, **kwargs):
            data = parse_body(self.input, request.data)
            client = self.owner_for_write(request, kwargs[self.client_kwarg])
            return Response(self.result(client, self.add(request, client, data).pk))

        cls.get = extend_schema(responses=cls.output(many=True), operation_id=listing)(get)
        add_schema = {"request": cls.input, "responses": WriteResultSerializer}
        cls.post = extend_schema(**add_schema, operation_id=adding)(post)

    def parts(self, client) -> list:
        raise NotImplementedError

    def add(self, request, client: Client, data: dict):
        """Adds the part the body `data` describes; the part."""
        raise NotImplementedError


class ClientPartView(FineractAPIView):
    # One part of a client, declared: GET shows `part(client, id)` with `output`; PUT reads
    # the body with `input` (`partial` for a partial schema) and changes it with `change`
    # (answering Fineract's `changes`); DELETE removes it with `remove`. `operations` are
    # Fineract's operation ids of the three.
    client_kwarg = "client_id"
    part_kwarg: str  # the URL's argument naming the part
    input: type
    output: type
    partial = False
    operations: tuple[str, str, str]
    owner_for_read = staticmethod(client_for_read)
    owner_for_write = staticmethod(client_for_write)
    result = staticmethod(part_result)

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        reading, changing, removing = cls.operations

        def get(self, request, **kwargs):
            client = self.owner_for_read(request, kwargs[self.client_kwarg])
            return Response(self.output(self.part(client, kwargs[self.part_kwarg])).data)

        def put(self, request, **kwargs):
            data = parse_body(self.input, request.data, partial=self.partial, require_one=True)
            client = self.owner_for_write(request, kwargs[self.client_kwarg])
            part = self.part(client, kwargs[self.part_kwarg])
            changes = self.change(request, part, data)
            return Response(self.result(client, part.pk, changes))

        def delete(self, request, **kwargs):
            client = self.owner_for_write(request, kwargs[self.client_kwarg])
            part_id = kwargs[self.part_kwarg]
            self.remove(request, self.part(client, part_id))
            return Response(self.result(client, part_id))

        change_schema = cls.input(partial=True) if cls.partial else cls.input
        cls.get = extend_schema(responses=cls.output, operation_id=reading)(get)
        cls.put = extend_schema(
            request=change_schema, responses=WriteResultSerializer, operation_id=changing
        )(put)
        cls.delete = extend_schema(responses=WriteResultSerializer, operation_id=removing)(delete)

    def part(self, client: Client, part_id: int):
        raise NotImplementedError

    def change(self, request, part, data: dict) -> dict:
        """Changes the part as the body `data` says; Fineract's `changes`."""
        raise NotImplementedError

    def remove(self, request, part) -> None:
        raise NotImplementedError
