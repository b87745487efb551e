"""Forms of custom fields: a client's values of one custom table, and an administrator's
definition of a table and of its fields. Shapes only; clients.kyc.custom_fields checks the
rest, and its errors (named by column, or `columns[0].name`-style for definitions) land
beside these fields."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django import forms
from django.forms.models import model_to_dict
from django.utils.translation import gettext_lazy as _

from mteja.clients.kyc import custom_fields
from mteja.clients.models import CustomField, CustomFieldType, CustomTable
from mteja.clients.web.custom_values import label_of
from mteja.core.web.forms import DateInput, MtejaForm, pattern_field
from mteja.organisation.models import Code, CodeValue

# --- a client's values ---------------------------------------------------------------------


def _bound(value: Decimal | None):
    return None if value is None else value.normalize()


class YesNoOrUnknown(forms.NullBooleanSelect):
    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = [("unknown", "—"), ("true", _("Yes")), ("false", _("No"))]


def value_field(column: CustomField, options: list[tuple[Any, str]]) -> forms.Field:
    """The form field of one column (its rules beyond shape are the service's)."""
    common = {"label": label_of(column), "required": column.mandatory}
    match column.type:
        case CustomFieldType.STRING:
            limit = column.length or custom_fields.STRING_MAX_LENGTH
            return forms.CharField(max_length=limit, **common)
        case CustomFieldType.TEXT:
            limit = column.length or custom_fields.TEXT_MAX_LENGTH
            return forms.CharField(
                max_length=limit, widget=forms.Textarea(attrs={"rows": 3}), **common
            )
        case CustomFieldType.NUMBER:
            return forms.IntegerField(
                min_value=_bound(column.minimum), max_value=_bound(column.maximum), **common
            )
        case CustomFieldType.DECIMAL:
            return forms.DecimalField(
                min_value=_bound(column.minimum),
                max_value=_bound(column.maximum),
                decimal_places=custom_fields.DECIMAL_PLACES,
                localize=True,
                **common,
            )
        case CustomFieldType.DATE:
            return forms.DateField(widget=DateInput(), **common)
        case CustomFieldType.BOOLEAN:
            # Three answers: yes, no, or not known yet (a checkbox cannot say the last).
            return forms.NullBooleanField(widget=YesNoOrUnknown, **common)
    return forms.TypedChoiceField(
        choices=[("", "—"), *options], coerce=int, empty_value=None, **common
    )


def choices_of(column: CustomField, options: dict[int, list[CodeValue]], kept=None) -> list:
    """A drop-down's active values, plus the value a client holds if it was retired since
    (so that saving the form does not drop it)."""
    choices = [(value.pk, value.label) for value in options.get(column.code_id, [])]
    if column.type == CustomFieldType.DROPDOWN and kept and kept not in dict(choices):
        retired = CodeValue.objects.filter(pk=kept).first()
        if retired is not None:
            choices.append((retired.pk, retired.label))
    return choices


def service_values(cleaned_data: dict, columns: dict[str, CustomField]) -> dict[str, Any]:
    """{column: value} of the form fields `columns` names, as the custom-fields service reads
    them: dates in ISO form, an empty answer None."""
    values = {}
    for name, column in columns.items():
        value = cleaned_data.get(name)
        if isinstance(value, datetime.date):
            value = value.isoformat()
        elif value == "":
            value = None
        values[column.name] = value
    return values


class CustomValuesForm(MtejaForm):
    """The columns of one custom table. Fields are named `col_<n>` (a column's name may hold
    spaces); `params` maps the service's column names back to them."""

    def __init__(
        self,
        *args,
        table: CustomTable,
        options: dict[int, list[CodeValue]],
        current: dict[str, Any] | None = None,
        **kwargs,
    ):
        current = current or {}
        self.table = table
        self.columns = {
            f"col_{index}": c for index, c in enumerate(custom_fields.columns_of(table))
        }
        kwargs.setdefault(
            "initial", {name: current.get(column.name) for name, column in self.columns.items()}
        )
        super().__init__(*args, **kwargs)
        for name, column in self.columns.items():
            choices = choices_of(column, options, current.get(column.name))
            self.fields[name] = value_field(column, choices)

    @property
    def params(self) -> dict[str, str]:
        return {column.name: name for name, column in self.columns.items()}

    def values(self) -> dict[str, Any]:
        """{column: value} as the service reads them (dates ISO, no value None)."""
        return service_values(self.cleaned_data, self.columns)


# --- definitions ---------------------------------------------------------------------------

TYPE_HELP = _(
    "Text needs a maximum length; a choice needs a code list (define it under Code lists)."
)


class CodeNameChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, code: Code) -> str:
        return code.name


class ColumnForm(MtejaForm):
    """One field of a custom table: on its own (add, change) or after the table's name."""

    name = forms.CharField(
        label=_("Field name"),
        max_length=custom_fields.COLUMN_MAX_LENGTH,
        help_text=_("As integrators' apps send it, e.g. monthly_rent. Letters, digits, _ and -."),
    )
    label = forms.CharField(
        label=_("Label"),
        max_length=custom_fields.LABEL_MAX_LENGTH,
        required=False,
        help_text=_("What the client page shows, e.g. “Monthly rent”."),
    )
    type = forms.ChoiceField(label=_("Type"), choices=CustomFieldType.choices, help_text=TYPE_HELP)
    length = forms.IntegerField(label=_("Maximum length"), required=False, min_value=1)
    code = CodeNameChoiceField(
        queryset=Code.objects.order_by("name"),
        label=_("Code list (for a choice)"),
        required=False,
        empty_label="—",
    )
    minimum = forms.DecimalField(label=_("Minimum"), required=False, localize=True)
    maximum = forms.DecimalField(label=_("Maximum"), required=False, localize=True)
    regex = pattern_field(
        _("Format (regular expression, text only)"), custom_fields.REGEX_MAX_LENGTH
    )
    mandatory = forms.BooleanField(
        label=_("Required"),
        required=False,
        help_text=_("A client cannot be activated without a value."),
    )

    # Keys of Fineract's column definition → form fields.
    KEYS = {
        "name": "name", "label": "label", "type": "type", "length": "length", "code": "code",
        "min": "minimum", "max": "maximum", "regex": "regex", "mandatory": "mandatory",
    }  # fmt: skip

    def __init__(self, *args, column: CustomField | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.column = column
        if column is not None:
            # A field's type stays what it is; its values were written for it.
            del self.fields["type"]
            if column.type != CustomFieldType.DROPDOWN:
                del self.fields["code"]
            if column.type not in custom_fields.TEXT_TYPES:
                del self.fields["length"], self.fields["regex"]
            if column.type not in custom_fields.NUMERIC_TYPES:
                del self.fields["minimum"], self.fields["maximum"]

    def definition(self, prefix: str) -> custom_fields.ColumnDefinition:
        """The new column, for the custom-fields service (`prefix` names its place)."""
        data = self.cleaned_data
        code = data.get("code")
        return custom_fields.ColumnDefinition(
            name=data["name"],
            type=CustomFieldType(data["type"]),
            prefix=prefix,
            length=data.get("length"),
            mandatory=bool(data.get("mandatory")),
            code=code.name if code is not None else None,
            minimum=data.get("minimum"),
            maximum=data.get("maximum"),
            regex=data.get("regex") or "",
            label=data.get("label") or "",
        )

    def change(self, prefix: str) -> custom_fields.ColumnChange:
        """What differs from the column as it is."""
        column = self.column
        data = self.cleaned_data
        given: dict[str, Any] = {}
        if data["name"] != column.name:
            given["new_name"] = data["name"]
        for name in ("label", "mandatory", "length", "regex", "minimum", "maximum"):
            if name in self.fields and name in self.changed_data:
                given[name] = data[name]
        if "code" in self.fields and "code" in self.changed_data and data.get("code"):
            given["code"] = data["code"].name
        return custom_fields.ColumnChange(name=column.name, prefix=prefix, **given)

    @staticmethod
    def params(prefix: str) -> dict[str, str]:
        """The service's `<prefix>min`-style parameters → these fields."""
        mapping = {f"{prefix}{key}": field for key, field in ColumnForm.KEYS.items()}
        mapping[f"{prefix}newName"] = "name"
        mapping[f"{prefix}newCode"] = "code"
        return mapping


def column_initial(column: CustomField) -> dict[str, Any]:
    fields = ["name", "label", "length", "code", "regex", "mandatory"]
    bounds = {"minimum": _bound(column.minimum), "maximum": _bound(column.maximum)}
    return {**model_to_dict(column, fields=fields), **bounds}


class TableForm(ColumnForm):
    """A new table: its name and label, then its first field."""

    table_name = forms.CharField(
        label=_("Table name"),
        max_length=custom_fields.NAME_MAX_LENGTH,
        help_text=_("As integrators' apps name it, e.g. household_survey."),
    )
    table_label = forms.CharField(
        label=_("Title"),
        max_length=custom_fields.LABEL_MAX_LENGTH,
        required=False,
        help_text=_("What the client page shows, e.g. “Household survey”."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_fields(["table_name", "table_label"])

    @staticmethod
    def params(prefix: str = "columns[0].") -> dict[str, str]:
        return {
            **ColumnForm.params(prefix),
            "datatableName": "table_name",
            "label": "table_label",
            "columns": None,
            "multiRow": None,
            "apptableName": None,
        }


# --- custom fields inside the client form --------------------------------------------------


class CustomSection:
    """One custom table's fields inside another form (the client form): named
    `custom_<table id>_<n>`, shown under the table's title."""

    def __init__(self, form: forms.BaseForm, table: CustomTable, options, current: dict):
        self.form = form
        self.table = table
        self.title = table.label or table.name
        self.columns: dict[str, CustomField] = {}
        for index, column in enumerate(custom_fields.columns_of(table)):
            name = f"custom_{table.pk}_{index}"
            field = value_field(column, choices_of(column, options, current.get(column.name)))
            # Required custom fields block activation, not the client's creation.
            field.required = False
            form.fields[name] = field
            form.initial.setdefault(name, current.get(column.name))
            self.columns[name] = column

    @property
    def bound_fields(self):
        return [self.form[name] for name in self.columns]

    def values(self, *, changed_only: bool = False) -> dict[str, Any]:
        """{column: value} as the service reads them; only what the user changed if asked."""
        columns = self.columns
        if changed_only:
            columns = {n: c for n, c in columns.items() if n in self.form.changed_data}
        return service_values(self.form.cleaned_data, columns)

    def filled(self) -> dict[str, Any]:
        return {name: value for name, value in self.values().items() if value is not None}

    def field_for(self, column_name: str) -> str | None:
        return next((n for n, c in self.columns.items() if c.name == column_name), None)


def custom_sections(form: forms.BaseForm, tables, current: dict[int, dict]) -> list[CustomSection]:
    """The sections of `tables` added to `form`; `current`: {table id: {column: value}}."""
    tables = list(tables)
    options = custom_fields.code_values_of(tables)
    return [CustomSection(form, table, options, current.get(table.pk, {})) for table in tables]
