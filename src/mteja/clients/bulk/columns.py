"""The columns of a client file: one per field the client's declaration audits (and its
entity part's), named as the API names them, a reference by the name of what it points to
(`office`, `gender`: its name, not its id) and a choice by its label. A field added to the
model is a column without a line here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils import translation

from mteja.clients.api.serializers import ClientCreateInput, NonPersonInput
from mteja.clients.bulk import fineract_headers
from mteja.clients.bulk.headers import header_key
from mteja.clients.bulk.related import RelatedRows
from mteja.clients.bulk.statuses import status_params
from mteja.clients.models.client import CLIENT, NON_PERSON
from mteja.core.declarations import Declaration

ENTITY_PATH = "non_person__"  # the entity's details, read through the client


@dataclass(frozen=True)
class Column:
    name: str  # the header
    path: str  # what `values_list` reads
    kind: str  # "text", "date", "number", "yes/no"
    # Reads {stored value: shown value} once per file (a reference's id → its name, a
    # choice → its label in the active language).
    lookup: Callable[[], dict] | None = None
    field: models.Field | None = None  # the model field shown (None for the id)
    # A column of what the client's row does not hold (its identity document and address,
    # bulk/parts.py; its custom fields, bulk/custom.py): the rows that hold it (the path
    # being their field), and, built once per file, the function that shows a cell of it.
    related: RelatedRows | None = None
    reader: Callable[[], Callable] | None = None
    # A custom field's key in its row's values (JSON), which `reader` reads: the database
    # reads it too, and shows the cell as `reader` shows the values the write path stores
    # (bulk/copied.py).
    key: str = ""
    # What reading it asks beyond the client's own columns (READ_CLIENT, EXPORT_CLIENT): a
    # part's read permission (bulk/parts.py; bulk/column_access.py decides).
    permission: str = ""


_NAME_FIELDS = ("display_name", "name", "username")


def _names(model: type[models.Model]) -> Callable[[], dict[int, str]]:
    """Reads every row's name once per export (offices, staff and code values are few)."""
    field = next(f for f in _NAME_FIELDS if any(x.name == f for x in model._meta.fields))
    return lambda: dict(model._base_manager.values_list("pk", field))


def _labels(choices) -> Callable[[], dict]:
    """Reads a choice's labels in the active language when a file is written."""
    return lambda: {value: str(label) for value, label in choices}


def _kind(model_field: models.Field) -> str:
    if isinstance(model_field, models.DateField):
        return "date"
    if isinstance(model_field, models.BooleanField):
        return "yes/no"
    if isinstance(model_field, models.IntegerField | models.DecimalField) and not (
        model_field.choices
    ):
        return "number"
    return "text"


def _columns_of(declaration: Declaration, prefix: str = "") -> list[tuple[models.Field, str]]:
    return [
        (f, prefix + f.name)
        for f in declaration.fields()
        if declaration.wire(f.name).audited and not f.one_to_one
    ]


def _header(declaration: Declaration, model_field: models.Field) -> str:
    name = declaration.api_name(model_field.name)
    if (model_field.is_relation or model_field.choices) and name.endswith("Id"):
        return name[: -len("Id")]
    return name


def client_columns() -> list[Column]:
    """Every column, in the model's order: the client's fields, then an entity's."""
    found = [Column("id", "pk", "number")]
    for declaration, prefix in ((CLIENT, ""), (NON_PERSON, ENTITY_PATH)):
        for model_field, path in _columns_of(declaration, prefix):
            header = _header(declaration, model_field)
            if model_field.is_relation:
                lookup = _names(model_field.related_model)
                found.append(Column(header, path + "_id", "text", lookup, model_field))
            elif model_field.choices:
                lookup = _labels(model_field.choices)
                found.append(Column(header, path, "text", lookup, model_field))
            else:
                found.append(Column(header, path, _kind(model_field), None, model_field))
    return found


@dataclass(frozen=True)
class Target:
    """A column a file may give, and the parameter of `POST /clients` it fills."""

    column: Column
    param: str
    # "client", "entity" (clientNonPersonDetails), or "status": the status, and the date and
    # reason of the command that records it (bulk/statuses.py)
    part: str


def import_targets() -> dict[str, Target]:
    """By header: the export's columns that a new client's body takes, and those of its
    status (not those Mteja sets: the id, the display name…)."""
    readable = {
        "client": set(ClientCreateInput().fields),
        "entity": set(NonPersonInput().fields),
        "status": status_params(),
    }
    targets = {}
    for column in client_columns():
        if column.field is None:
            continue  # the id: Mteja numbers a new client
        part = "entity" if column.path.startswith(ENTITY_PATH) else "client"
        declaration = NON_PERSON if part == "entity" else CLIENT
        param = declaration.api_name(column.field.name)
        if part == "client" and param in readable["status"]:
            part = "status"
        if param in readable[part]:
            targets[column.name] = Target(column, param, part)
    return targets


def labelled_columns() -> dict[str, str]:
    """By their `header_key`, the labels the staff see beside the fields a file may give, in
    every language of the site ("Date of birth", "Prénom", "Fecha de nacimiento") → each
    one's column: a file written by hand, in the institution's language, is read as the
    template is. A label two columns share (in two languages) names neither."""
    columns: dict[str, set[str]] = {}
    targets = import_targets()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            for name, target in targets.items():
                key = header_key(str(target.column.field.verbose_name))
                columns.setdefault(key, set()).add(name)
    return {key: next(iter(names)) for key, names in columns.items() if len(names) == 1}


def header_aliases(keys: set[str]) -> dict[str, str]:
    """The other names Mteja's columns go by in a file whose header has these keys: the
    fields' labels, and (before them) the headers of Fineract's own template."""
    return {**labelled_columns(), **fineract_headers.columns_of(keys)}
