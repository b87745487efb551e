"""Fineract's /datatables endpoints for clients' custom fields (apptable `m_client`, one row
per client).

Definitions (`/datatables`, `/datatables/{name}`) need the DATATABLE permissions. Values
(`/datatables/{name}/{clientId}`) are part of the client's record, so they need READ_CLIENT
to read and UPDATE_CLIENT to create, change or delete — Fineract's per-datatable codes
(`READ_<name>`, …) would need a permission row per table created at run time, and a client's
custom fields are read and written by the same people as the rest of the client.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

import mteja.core.api.converters  # noqa: F401  (registers <id:…>)
from mteja.clients.api.parts import client_for_read, client_for_write, json_object, part_result
from mteja.clients.kyc import custom_fields
from mteja.clients.models import Client, CustomField, CustomFieldType, CustomTable
from mteja.core import wire
from mteja.core.api.fields import StrictCharField, WriteResultSerializer
from mteja.core.api.inputs import InputSerializer, parse_body
from mteja.core.api.query import query_bool
from mteja.core.api.routes import endpoint
from mteja.core.api.views import FineractAPIView
from mteja.core.errors import ParameterError, ValidationFailed

# Fineract's column types and display types of each kind of column.
COLUMN_TYPES = {
    CustomFieldType.STRING: ("VARCHAR", "STRING"),
    CustomFieldType.TEXT: ("TEXT", "TEXT"),
    CustomFieldType.NUMBER: ("BIGINT", "INTEGER"),
    CustomFieldType.DECIMAL: ("DECIMAL", "DECIMAL"),
    CustomFieldType.DATE: ("DATE", "DATE"),
    CustomFieldType.BOOLEAN: ("BOOLEAN", "BOOLEAN"),
    CustomFieldType.DROPDOWN: ("INTEGER", "CODELOOKUP"),
}
KEY_COLUMN = "client_id"


# --- output ---------------------------------------------------------------------------------


def _number(value):
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _key_header() -> dict:
    return {
        "columnName": KEY_COLUMN,
        "columnType": "BIGINT",
        "columnLength": 0,
        "columnDisplayType": "INTEGER",
        "isColumnNullable": False,
        "isColumnPrimaryKey": True,
        "isColumnUnique": True,
        "isColumnIndexed": True,
        "columnValues": [],
        "columnCode": None,
    }


def column_header(column: CustomField, options: dict[int, list]) -> dict:
    column_type, display = COLUMN_TYPES[column.type]
    values = options.get(column.code_id, []) if column.type == CustomFieldType.DROPDOWN else []
    return {
        "columnName": column.name,
        "columnType": column_type,
        "columnLength": column.length or 0,
        "columnDisplayType": display,
        "isColumnNullable": not column.mandatory,
        "isColumnPrimaryKey": False,
        "isColumnUnique": False,
        "isColumnIndexed": False,
        "columnValues": [{"id": v.pk, "value": v.name, "score": v.position} for v in values],
        "columnCode": column.code.name if column.code_id else None,
        # Mteja's additions
        "type": column.type,
        "mandatory": column.mandatory,
        "label": column.label or column.name,
        "min": _number(column.minimum),
        "max": _number(column.maximum),
        "regex": column.regex or None,
    }


def definition(table: CustomTable, options: dict[int, list]) -> dict:
    return {
        "applicationTableName": table.apptable_name,
        "registeredTableName": table.name,
        "entitySubType": None,
        "multiRow": table.multi_row,
        "label": table.label or table.name,
        "columnHeaderData": [
            _key_header(),
            *(column_header(column, options) for column in table.fields.all()),
        ],
    }


def definitions(tables) -> list[dict]:
    """Fineract's DatatableData of each table (tables with prefetched columns; one more
    query for the drop-downs' values)."""
    tables = list(tables)
    options = custom_fields.code_values_of(tables)
    return [definition(table, options) for table in tables]


def _value_out(column_type: str, value):
    if value is None:
        return None
    if column_type == CustomFieldType.DATE:
        return wire.date_out(value)
    return value


def row_output(table: CustomTable, client: Client, row, *, generic: bool):
    """Fineract's answer to GET /datatables/{name}/{clientId}: a list of {column: value}
    objects (`client_id` first); with genericResultSet=true, {columnHeaders, data: [{row}]}.
    A client without an entry has no row."""
    values = custom_fields.typed_values(table, row)
    columns = {column.name: column for column in table.fields.all()}
    out = {name: _value_out(columns[name].type, value) for name, value in values.items()}
    if generic:
        options = custom_fields.code_values_of([table])
        headers = [_key_header(), *(column_header(c, options) for c in columns.values())]
        rows = [{"row": [client.pk, *out.values()]}] if row is not None else []
        return {"columnHeaders": headers, "data": rows}
    return [{KEY_COLUMN: client.pk, **out}] if row is not None else []


class ColumnHeaderOutput(serializers.Serializer):
    columnName = serializers.CharField()
    columnType = serializers.CharField()
    columnLength = serializers.IntegerField()
    columnDisplayType = serializers.CharField()
    isColumnNullable = serializers.BooleanField()
    isColumnPrimaryKey = serializers.BooleanField()
    columnValues = serializers.ListField(child=serializers.DictField())
    columnCode = serializers.CharField(allow_null=True)


class DatatableOutput(serializers.Serializer):
    applicationTableName = serializers.CharField()
    registeredTableName = serializers.CharField()
    entitySubType = serializers.CharField(allow_null=True)
    multiRow = serializers.BooleanField()
    label = serializers.CharField()
    columnHeaderData = ColumnHeaderOutput(many=True)


class ResourceIdentifierOutput(serializers.Serializer):
    resourceIdentifier = serializers.CharField()
    changes = serializers.DictField(required=False)


# --- input ----------------------------------------------------------------------------------


class DatatableCreateInput(InputSerializer):
    resource = custom_fields.RESOURCE

    datatableName = StrictCharField(max_length=200)
    apptableName = StrictCharField(max_length=200)
    entitySubType = StrictCharField(
        required=False,
        allow_null=True,
        allow_blank=True,
        help_text="Not supported: a client table applies to persons and entities alike.",
    )
    multiRow = serializers.BooleanField(required=False)
    label = StrictCharField(required=False, allow_null=True, allow_blank=True, max_length=200)
    columns = serializers.JSONField(
        help_text="[{name, type: String|Text|Number|Decimal|Date|Boolean|Dropdown, length "
        "(String: required), mandatory, code (Dropdown: a code name), min, max, regex, label}]"
    )


class DatatableUpdateInput(InputSerializer):
    resource = custom_fields.RESOURCE

    apptableName = StrictCharField(required=False, allow_null=True, max_length=200)
    entitySubType = StrictCharField(required=False, allow_null=True, allow_blank=True)
    label = StrictCharField(required=False, allow_null=True, allow_blank=True, max_length=200)
    addColumns = serializers.JSONField(required=False, allow_null=True)
    changeColumns = serializers.JSONField(
        required=False,
        allow_null=True,
        help_text="[{name, newName?, length?, mandatory?, newCode?, min?, max?, regex?, label?}]",
    )
    dropColumns = serializers.JSONField(required=False, allow_null=True, help_text="[{name}]")


def _refuse_sub_type(data: dict) -> None:
    if data.get("entitySubType"):
        raise ValidationFailed(
            [
                ParameterError(
                    "validation.msg.datatable.entitySubType.not.supported",
                    "entitySubType",
                    "A client datatable applies to every client; entitySubType is not supported.",
                    data["entitySubType"],
                )
            ]
        )


# --- views: definitions ---------------------------------------------------------------------


class DatatablesView(FineractAPIView):
    entity = custom_fields.ENTITY

    @extend_schema(
        parameters=[OpenApiParameter("apptable", str, description="m_client (the only one)")],
        responses=DatatableOutput(many=True),
        operation_id="listDatatables",
    )
    def get(self, request):
        apptable = request.query_params.get("apptable")
        if apptable and apptable != custom_fields.APPTABLE:
            return Response([])
        return Response(definitions(custom_fields.client_tables()))

    @extend_schema(
        request=DatatableCreateInput,
        responses=ResourceIdentifierOutput,
        operation_id="createDatatable",
    )
    def post(self, request):
        data = parse_body(DatatableCreateInput, request.data)
        _refuse_sub_type(data)
        table = custom_fields.custom_table_create(
            actor=request.user, definition=custom_fields.read_table_definition(data)
        )
        return Response({"resourceIdentifier": table.name})


class DatatableDetailView(FineractAPIView):
    entity = custom_fields.ENTITY

    @extend_schema(responses=DatatableOutput, operation_id="getDatatable")
    def get(self, request, name):
        return Response(definitions([custom_fields.table_named(name)])[0])

    @extend_schema(
        request=DatatableUpdateInput,
        responses=ResourceIdentifierOutput,
        operation_id="updateDatatable",
    )
    def put(self, request, name):
        data = parse_body(DatatableUpdateInput, request.data, require_one=True)
        _refuse_sub_type(data)
        table = custom_fields.table_named(name)
        if data.get("apptableName") not in (None, custom_fields.APPTABLE):
            raise ValidationFailed(
                [
                    ParameterError(
                        "validation.msg.datatable.apptableName.is.not.within.expected.range",
                        "apptableName",
                        f"Custom fields exist for clients only: `{custom_fields.APPTABLE}`.",
                        data["apptableName"],
                    )
                ]
            )
        changes = custom_fields.custom_table_update(
            actor=request.user, table=table, change=custom_fields.read_table_change(data)
        )
        body = {"resourceIdentifier": table.name}
        if changes:
            body["changes"] = changes
        return Response(body)

    @extend_schema(responses=ResourceIdentifierOutput, operation_id="deleteDatatable")
    def delete(self, request, name):
        table = custom_fields.table_named(name)
        custom_fields.custom_table_delete(actor=request.user, table=table)
        return Response({"resourceIdentifier": name})


# --- views: a client's values ---------------------------------------------------------------


def _entry_changes(table: CustomTable, changes: dict) -> dict:
    """Fineract's `changes`: each changed column with its new value (dates as [y, m, d])."""
    kinds = {column.name: column.type for column in table.fields.all()}
    echoed = {}
    for name, (_, new) in changes.items():
        if new is not None and kinds.get(name) == CustomFieldType.DATE:
            new = wire.date_out(datetime.date.fromisoformat(new))
        elif new is not None and kinds.get(name) == CustomFieldType.DECIMAL:
            new = Decimal(new)  # a number, as GET shows it
        echoed[name] = new
    return echoed


class DatatableEntryView(FineractAPIView):
    """A client's row of one table. Reading needs READ_CLIENT; writing UPDATE_CLIENT."""

    entity = "CLIENT"

    def required_permission(self, request) -> str:
        return "READ_CLIENT" if request.method in ("GET", "HEAD", "OPTIONS") else "UPDATE_CLIENT"

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "genericResultSet",
                bool,
                description="true: {columnHeaders, data: [{row: [...]}]}; "
                "otherwise a list of {column: value}",
            )
        ],
        responses={200: dict},
        operation_id="getDatatableEntry",
    )
    def get(self, request, name, client_id):
        table = custom_fields.table_named(name)
        client = client_for_read(request, client_id)
        generic = bool(query_bool(request.query_params, "genericResultSet"))
        return Response(
            row_output(table, client, custom_fields.row_of(table, client), generic=generic)
        )

    def _write(self, request, name, client_id, service):
        """Runs the create or update service on the request's values."""
        data = json_object(request, empty_allowed=True)
        table = custom_fields.table_named(name)
        client = client_for_write(request, client_id)
        _, changes = service(
            actor=request.user,
            table=table,
            client=client,
            values=data,
            date_format=data.get("dateFormat"),
            locale=data.get("locale"),
        )
        return table, client, changes

    @extend_schema(
        request=dict, responses=WriteResultSerializer, operation_id="createDatatableEntry"
    )
    def post(self, request, name, client_id):
        _, client, _ = self._write(request, name, client_id, custom_fields.custom_row_create)
        return Response(part_result(client, client.pk))

    @extend_schema(
        request=dict, responses=WriteResultSerializer, operation_id="updateDatatableEntry"
    )
    def put(self, request, name, client_id):
        table, client, changes = self._write(
            request, name, client_id, custom_fields.custom_row_update
        )
        return Response(part_result(client, client.pk, _entry_changes(table, changes)))

    @extend_schema(responses=WriteResultSerializer, operation_id="deleteDatatableEntry")
    def delete(self, request, name, client_id):
        table = custom_fields.table_named(name)
        client = client_for_write(request, client_id)
        custom_fields.custom_row_delete(actor=request.user, table=table, client=client)
        return Response(part_result(client, client.pk))


# The routes, for clients/api/urls.py to include under the API prefix.
urlpatterns = [
    endpoint("datatables", DatatablesView, "datatables"),
    endpoint("datatables/<str:name>", DatatableDetailView, "datatable"),
    endpoint("datatables/<str:name>/<id:client_id>", DatatableEntryView, "datatable-entry"),
]
