"""Form fields and widget attributes the client pages share: loan officers of an office and
above, code-list drop-downs that keep a deactivated value a record already has, fields the
service checks, and the HTMX attributes of dependent drop-downs and duplicate hints."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.forms.models import ModelChoiceIterator
from django.urls import reverse

from mteja.clients.models import Client
from mteja.core.web.widgets import Select
from mteja.organisation.models import CodeValue, Office, Staff
from mteja.organisation.selectors import code_values_for


def office_prefixes(office: Office) -> list[str]:
    """Hierarchies of `office` and of every office above it (".", ".2.", ".2.5.")."""
    parts = [part for part in office.hierarchy.split(".") if part]
    return ["."] + ["." + ".".join(parts[: i + 1]) + "." for i in range(len(parts))]


def loan_officers(*, user, office: Office | None = None):
    """Active loan officers a client may get: of `office` or above it; without an office, of
    the user's subtree or above the user's office (the services check the exact office)."""
    officers = Staff.objects.filter(is_active=True, is_loan_officer=True).select_related("office")
    if office is not None:
        officers = officers.filter(office__hierarchy__in=office_prefixes(office))
    else:
        home = user.office
        officers = officers.filter(
            Q(office__hierarchy__startswith=home.hierarchy)
            | Q(office__hierarchy__in=office_prefixes(home))
        )
    return officers.order_by("display_name", "id")


class ServiceChecked:
    """A field the service requires only in some cases (a name of the chosen legal form, the
    date of "Activate now"): labelled required where the page shows it, but left to the service
    to check, so a missing value is reported together with every other problem of the form."""

    def validate(self, value):
        pass


class NameField(ServiceChecked, forms.CharField):
    pass


class ActivationDateField(ServiceChecked, forms.DateField):
    pass


class _OfficerChoices(ModelChoiceIterator):
    """The officers offered, as (id, label) read as plain values: no model per option (an
    institution has hundreds or thousands of loan officers)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        offered = self.field.offered if self.field.offered is not None else self.queryset
        for pk, name, office in offered.values_list("pk", "display_name", "office__name"):
            yield (pk, officer_label(name, office))


def officer_label(display_name: str, office_name: str) -> str:
    return f"{display_name} — {office_name}"


class LoanOfficerChoiceField(forms.ModelChoiceField):
    """Accepts any officer of `queryset` and offers those of `offered` (the officers of the
    office chosen in the form): an officer of another office is left to the service, whose
    message names the officer and the office."""

    widget = Select
    iterator = _OfficerChoices
    offered = None

    def offer(self, officers) -> None:
        self.offered = officers
        self.widget.choices = self.choices

    def label_from_instance(self, staff: Staff) -> str:
        return officer_label(staff.display_name, staff.office.name)


class CodeValueChoiceField(forms.ModelChoiceField):
    """The active values of one code list, in their order; `keep` (a value the record already
    has) stays offered even if it has been deactivated since, so editing does not drop it."""

    def __init__(self, code_name: str, *, keep: int | None = None, **kwargs):
        values = code_values_for(code_name, active_only=False)
        active = Q(is_active=True) | Q(pk=keep) if keep else Q(is_active=True)
        kwargs.setdefault("required", False)
        kwargs.setdefault("empty_label", "—")
        super().__init__(queryset=values.filter(active), **kwargs)

    def label_from_instance(self, value: CodeValue) -> str:
        return value.label


def officer_options_attrs(field_id: str) -> dict:
    """An office drop-down that refreshes the loan-officer drop-down `field_id` (HTMX); without
    JavaScript the officer list simply stays complete."""
    return {
        "hx-get": reverse("client_officer_options"),
        "hx-trigger": "change",
        "hx-target": f"#{field_id}",
        "hx-swap": "innerHTML",
    }


def duplicate_check_attrs(check: str, client: Client | None = None) -> dict:
    """A field that asks, as the user types, whether another client looks like this one
    (`check` "mobile" or "name"); the answer appears in `#duplicates-<check>` (HTMX, by POST:
    names and numbers stay out of URLs). Without JavaScript the warning comes after saving."""
    query = f"?check={check}" + (f"&client={client.pk}" if client else "")
    return {
        "hx-post": reverse("client_duplicate_check") + query,
        "hx-trigger": "input changed delay:600ms, change",
        "hx-target": f"#duplicates-{check}",
        "hx-swap": "innerHTML",
        "hx-include": "closest form",
    }
