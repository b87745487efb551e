"""Custom fields: the "More details" tab of a client's page with the form of each table's
values, and the administrator's pages that define tables and their fields. Every write goes
through clients.kyc.custom_fields (audited).

A client's values go with the client (READ_CLIENT to see them, UPDATE_CLIENT to fill them in,
as the API's /datatables/{name}/{clientId}); definitions need the DATATABLE codes."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from mteja.clients.kyc import custom_fields
from mteja.clients.models import CustomFieldType, CustomRow, CustomTable
from mteja.clients.web.custom_forms import ColumnForm, CustomValuesForm, TableForm, column_initial
from mteja.clients.web.custom_values import label_of, shown_value, table_label
from mteja.clients.web.pages import client_in_scope, client_page, owned_client
from mteja.clients.web.part_pages import confirm_page, part_form_page, saved
from mteja.core.web.access import permission_required
from mteja.core.web.forms import form_page
from mteja.organisation.code_labels import code_value_label
from mteja.organisation.models import CodeValue


def _table(pk: int) -> CustomTable:
    table = custom_fields.client_tables().filter(pk=pk).first()
    if table is None:
        raise Http404
    return table


# --- a client's values ---------------------------------------------------------------------


def _dropdown_names(tables, rows: dict) -> dict[int, str]:
    """Names of the code values the client's rows hold, retired ones too (one query)."""
    ids = {
        row.values.get(column.name)
        for table in tables
        if (row := rows.get(table.pk)) is not None
        for column in table.fields.all()
        if column.type == CustomFieldType.DROPDOWN
    }
    ids = {value for value in ids if isinstance(value, int)}
    if not ids:
        return {}
    return {
        pk: code_value_label(name)
        for pk, name in CodeValue.objects.filter(pk__in=ids).values_list("pk", "name")
    }


@permission_required("READ_CLIENT")
def client_custom_fields(request, pk: int):
    client = client_in_scope(request, pk)
    tables = list(custom_fields.client_tables())
    rows = {row.table_id: row for row in CustomRow.objects.filter(client=client)}
    names = _dropdown_names(tables, rows)
    sections = []
    for table in tables:
        values = custom_fields.typed_values(table, rows.get(table.pk))
        sections.append(
            {
                "table": table,
                "title": table_label(table),
                "filled": table.pk in rows,
                "items": [
                    (label_of(column), shown_value(column, values[column.name], names))
                    for column in table.fields.all()
                ],
            }
        )
    return client_page(request, client, "custom", {"sections": sections})


@permission_required("UPDATE_CLIENT")
def client_custom_fields_edit(request, pk: int, table_pk: int):
    client = owned_client(request, pk)
    table = _table(table_pk)
    row = custom_fields.row_of(table, client)
    form = CustomValuesForm(
        request.POST or None,
        table=table,
        options=custom_fields.code_values_of([table]),
        current=custom_fields.typed_values(table, row),
    )
    title = table_label(table)

    def write():
        service = custom_fields.custom_row_update if row else custom_fields.custom_row_create
        return service(actor=request.user, table=table, client=client, values=form.values())

    return part_form_page(
        request,
        client,
        form,
        write,
        tab="custom_fields",
        params=form.params,
        success_message=saved(_("%(table)s saved.") % {"table": title}),
        title=title,
        submit=_("Save"),
    )


# --- definitions ---------------------------------------------------------------------------


@permission_required("READ_DATATABLE")
def custom_table_list(request):
    tables = list(custom_fields.client_tables())
    return render(request, "clients/custom_table_list.html", {"tables": tables})


def _definition_page(request, *, form, title: str, write, params, done: str):
    return form_page(
        request,
        form=form,
        template="clients/settings_form.html",
        write=write,
        params=params,
        success_url=reverse("custom_table_list"),
        success_message=done,
        context={
            "title": title,
            "parent_title": _("Custom fields"),
            "parent_url": reverse("custom_table_list"),
        },
    )


@permission_required("CREATE_DATATABLE")
def custom_table_create(request):
    form = TableForm(request.POST or None)
    return _definition_page(
        request,
        form=form,
        title=_("Define a table of custom fields"),
        write=lambda data: custom_fields.custom_table_create(
            actor=request.user,
            definition=custom_fields.TableDefinition(
                name=data["table_name"],
                label=data["table_label"],
                columns=[form.definition("columns[0].")],
            ),
        ),
        params=TableForm.params(),
        done=_("Table defined: clients can now be given its values."),
    )


@permission_required("UPDATE_DATATABLE")
def custom_field_create(request, table_pk: int):
    table = _table(table_pk)
    form = ColumnForm(request.POST or None)
    return _column_page(
        request,
        table,
        form,
        lambda prefix: custom_fields.TableChange(add_columns=[form.definition(prefix)]),
        prefix="addColumns[0].",
        title=_("Add a field to %(table)s") % {"table": table_label(table)},
        done=_("Field added."),
    )


def _column_page(request, table: CustomTable, form, change, *, prefix: str, title: str, done):
    """The page that adds or changes one column of `table` (`change(prefix)`: the change)."""
    return _definition_page(
        request,
        form=form,
        title=title,
        write=lambda _data: custom_fields.custom_table_update(
            actor=request.user, table=table, change=change(prefix)
        ),
        params=ColumnForm.params(prefix),
        done=done,
    )


def _column(table: CustomTable, pk: int):
    column = next((c for c in table.fields.all() if c.pk == pk), None)
    if column is None:
        raise Http404
    return column


@permission_required("UPDATE_DATATABLE")
def custom_field_update(request, table_pk: int, pk: int):
    table = _table(table_pk)
    column = _column(table, pk)
    form = ColumnForm(request.POST or None, column=column, initial=column_initial(column))
    return _column_page(
        request,
        table,
        form,
        lambda prefix: custom_fields.TableChange(change_columns=[form.change(prefix)]),
        prefix="changeColumns[0].",
        title=_("Edit the field %(field)s of %(table)s")
        % {"field": label_of(column), "table": table_label(table)},
        done=_("Field saved."),
    )


@permission_required("UPDATE_DATATABLE")
def custom_field_delete(request, table_pk: int, pk: int):
    table = _table(table_pk)
    column = _column(table, pk)
    names = {"field": label_of(column), "table": table_label(table)}
    return confirm_page(
        request,
        title=_("Remove the field %(field)s from %(table)s?") % names,
        message=_(
            "Every client's value of this field is deleted with it; the audit log "
            "keeps the definition. This cannot be undone."
        ),
        confirm_label=_("Remove field"),
        action=lambda: custom_fields.custom_table_update(
            actor=request.user,
            table=table,
            change=custom_fields.TableChange(drop_columns=[column.name]),
        ),
        success_message=_("Field %(field)s removed.") % names,
        next_url=reverse("custom_table_list"),
    )


@permission_required("DELETE_DATATABLE")
def custom_table_delete(request, table_pk: int):
    table = _table(table_pk)
    names = {"table": table_label(table)}
    return confirm_page(
        request,
        title=_("Delete the table %(table)s?") % names,
        message=_(
            "Only a table no client has values in can be deleted: delete those values "
            "first. The audit log keeps the definition."
        ),
        confirm_label=_("Delete table"),
        action=lambda: custom_fields.custom_table_delete(actor=request.user, table=table),
        success_message=_("Table %(table)s deleted.") % names,
        next_url=reverse("custom_table_list"),
    )
