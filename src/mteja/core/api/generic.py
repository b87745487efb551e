"""Declarative API endpoints, in NetBox's manner: a view names its queryset, its output
serializer and its not-found error, and inherits the reads.

    class StaffDetailView(ObjectDetailAPIView):
        entity = "STAFF"
        queryset = Staff.objects.select_related("office")
        output = StaffOutput
        not_found = staticmethod(selectors.staff_not_found)

`ObjectListAPIView` lists the scoped queryset, read through the model's FilterSet when it
declares one (the same FilterSet serves the web list). A view that declares its `input`
serializer and a `create` (list) or `update` (detail) gets the POST or PUT that reads the body
with it (all of it to create, at least one parameter to update) and answers what the method
returns, documented with `write_result`. `service_fields` translates the body into the
service's keyword arguments and `echo_changes` answers Fineract's `changes`, both from the
model's declaration.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.db import models
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from mteja.core.api.fields import WriteResultSerializer
from mteja.core.api.inputs import parse_body
from mteja.core.api.views import FineractAPIView, get_for_write, get_scoped
from mteja.core.declarations import declaration_of
from mteja.core.errors import NotFound

FORMAT_KEYS = ("dateFormat", "locale")


def fetch(queryset, pk, user, not_found: Callable[[Any], NotFound], *, write: bool = False):
    """The row the URL names: 404 when absent or outside the user's scope, to read and to
    write alike."""
    lookup = get_for_write if write else get_scoped
    return lookup(queryset, pk, user, lambda: not_found(pk))


class ObjectAPIView(FineractAPIView):
    queryset: models.QuerySet | None = None
    output = None  # the output serializer class
    input = None  # the input serializer class of the view's create or update
    write_result = WriteResultSerializer
    not_found: Callable[[Any], NotFound]

    def __init_subclass__(cls, **kwargs):
        """A view that declares its output (and writes no `get` of its own) reads with the
        base's `read`, documented in the OpenAPI schema by that output; one that declares its
        input writes with the base's `write` (see the module's note)."""
        super().__init_subclass__(**kwargs)
        read = getattr(cls, "read", None)
        if cls.output is not None and read is not None and "get" not in cls.__dict__:

            def get(self, request, pk: int | None = None, **kwargs):
                return read(self, request, **({"pk": pk} if pk is not None else {}), **kwargs)

            cls.get = extend_schema(**cls.read_schema())(get)
        method, hook = getattr(cls, "write_method", None), getattr(cls, "write_hook", None)
        if method and getattr(cls, hook) is not None and method not in cls.__dict__:
            base_write = cls.write

            def write(self, request, *args, **kwargs):
                return base_write(self, request, *args, **kwargs)

            setattr(
                cls, method, extend_schema(request=cls.input, responses=cls.write_result)(write)
            )

    @classmethod
    def read_schema(cls) -> dict:
        return {"responses": cls.output}

    def get_queryset(self, request, *, write: bool = False, **kwargs) -> models.QuerySet:
        """The rows the URL may name; `kwargs` are the URL's other arguments (a parent, which
        a write must be allowed to change too)."""
        return self.queryset.all()

    def get_object(self, request, pk, *, write: bool = False, **kwargs):
        queryset = self.get_queryset(request, write=write, **kwargs)
        return fetch(queryset, pk, request.user, self.not_found, write=write)

    def output_context(self, request) -> dict:
        return {}

    def serialize(self, request, instance, *, many: bool = False):
        return self.output(instance, many=many, context=self.output_context(request)).data


class ObjectDetailAPIView(ObjectAPIView):
    write_method, write_hook = "put", "update"

    def read(self, request, pk, **kwargs):
        return Response(self.serialize(request, self.get_object(request, pk, **kwargs)))

    def write(self, request, pk, **kwargs):
        data = parse_body(self.input, request.data, partial=True, require_one=True)
        instance = self.get_object(request, pk, write=True, **kwargs)
        return Response(self.update(request, instance, data))

    # update(self, request, instance, data: dict) -> dict: changes `instance` as the body
    # `data` says, answers Fineract's write result.
    update = None


class ObjectListAPIView(ObjectAPIView):
    filterset = None  # a FilterSet class with `for_api(params, queryset, user=…)`
    write_method, write_hook = "post", "create"

    def write(self, request, **kwargs):
        return Response(self.create(request, parse_body(self.input, request.data), **kwargs))

    # create(self, request, data: dict, **kwargs) -> dict: creates a row from the body `data`
    # (and the URL's `kwargs`), answers Fineract's write result.
    create = None

    def list_queryset(self, request, **kwargs) -> models.QuerySet:
        return self.get_queryset(request, **kwargs).restrict(request.user)

    @classmethod
    def read_schema(cls) -> dict:
        parameters = getattr(cls.filterset, "api_parameters", [])
        return {"responses": cls.output(many=True), "parameters": parameters}

    def read(self, request, **kwargs):
        rows = self.list_queryset(request, **kwargs)
        if self.filterset is not None:
            rows = self.filterset.for_api(request.query_params, rows, user=request.user)
        return Response(self.serialize(request, rows, many=True))


def service_fields(
    model: type[models.Model],
    data: Mapping[str, Any],
    references: Mapping[str, Callable[[Any], Any]] | None = None,
) -> dict[str, Any]:
    """A validated body as the service's keyword arguments: each parameter by the model field
    the declaration gives it (`isActive` → is_active); a reference (`officeId`) through its
    resolver in `references`, which fetches the row (and checks scope)."""
    declaration = declaration_of(model)
    field_of = {declaration.api_name(f.name): f.name for f in declaration.fields()}
    fields = {}
    for param, value in data.items():
        if param not in field_of:
            continue
        if param in (references or {}):
            value = references[param](value) if value else None
        fields[field_of[param]] = value
    return fields


def api_changes(
    changes: dict, body: dict, names: Mapping[str, str | None], *, with_format: bool = True
) -> dict:
    """Fineract's `changes`: each changed field by its API name in `names` (itself when not
    named, left out when named None), with the value as the request sent it (the stored one
    when the request did not send it); the request's date format and locale with them."""
    echoed = {}
    for field, (_old, new) in changes.items():
        param = names.get(field, field)
        if param is not None:
            echoed[param] = body.get(param, new)
    if echoed and with_format:
        echoed.update({key: body[key] for key in FORMAT_KEYS if key in body})
    return echoed


def echo_changes(
    model: type[models.Model], changes: dict, body: dict, *, with_format: bool = True
) -> dict:
    """`api_changes` with each field's API name from the model's declaration."""
    declaration = declaration_of(model)
    names = {path: declaration.change_name(path) for path in changes}
    return api_changes(changes, body, names, with_format=with_format)
