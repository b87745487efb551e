"""The page of every lifecycle command: one form and one view, built from the command's entry in
the registry (clients/lifecycle.py), and one URL per command behind its permission code."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from mteja.clients import lifecycle
from mteja.clients.models import Client
from mteja.clients.web.command_actions import command_refusal, command_url_name
from mteja.clients.web.completeness import link_refusals_to_tabs
from mteja.clients.web.fields import (
    CodeValueChoiceField,
    LoanOfficerChoiceField,
    loan_officers,
    officer_options_attrs,
)
from mteja.clients.web.pages import client_in_scope
from mteja.clients.web.tables import status_badge
from mteja.clients.web.views import _conflict_as_form_error
from mteja.core import clock
from mteja.core.errors import MtejaError
from mteja.core.web.access import permission_required
from mteja.core.web.forms import DateInput, MtejaForm, form_page
from mteja.groups.models import Group, GroupStatus
from mteja.organisation.models import Office
from mteja.organisation.web.forms import OfficeChoiceField


def _officer_field(param: lifecycle.Officer, client: Client, user) -> forms.Field:
    office = getattr(client, param.office) if param.office else None
    officers = loan_officers(user=user, office=office)
    if param.exclude_current:
        officers = officers.exclude(pk=client.staff_id)
    optional = {} if param.required else {"empty_label": _("None")}
    return LoanOfficerChoiceField(
        queryset=officers,
        label=param.label,
        required=param.required,
        help_text=param.help_text,
        **optional,
    )


def _group_field(param: lifecycle.NoGroup, client: Client, user) -> forms.Field:
    """An active group the client may join in its new office (groups/transfers.py checks)."""
    groups = (
        Group.objects.restrict(user).filter(status=GroupStatus.ACTIVE).exclude(office=client.office)
    )
    field = forms.ModelChoiceField(
        queryset=groups.select_related("office").order_by("office__name", "name"),
        label=param.label,
        required=False,
        empty_label=_("None"),
        help_text=_("Required when the client is in one group now."),
    )
    field.label_from_instance = lambda group: f"{group.office.name} / {group.name}"
    return field


def _destination_field(param: lifecycle.Destination, client: Client, user) -> forms.Field:
    """The user's offices for a transfer the user completes; otherwise every office (a
    destination is by nature outside the proposer's offices: its name is all it shows)."""
    field = OfficeChoiceField(user=user, label=param.label)
    if not param.within_scope:
        field.queryset, field.base_depth = Office.objects.order_by("hierarchy"), 0
    field.queryset = field.queryset.exclude(pk=client.office_id)
    return field


# The form field of each kind of input; CurrentOfficer has none.
_FIELDS = {
    lifecycle.Day: lambda p, client, user: forms.DateField(
        label=p.label, widget=DateInput(), initial=clock.today
    ),
    lifecycle.Reason: lambda p, client, user: CodeValueChoiceField(
        p.code_list, label=p.label, required=True, empty_label=None
    ),
    lifecycle.Officer: _officer_field,
    lifecycle.Destination: _destination_field,
    lifecycle.NoGroup: _group_field,
    lifecycle.Note: lambda p, client, user: forms.CharField(
        label=p.label, max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    ),
}


class CommandForm(MtejaForm):
    """One lifecycle command's form; `version` is the client version the page was built from,
    so acting on a client someone else has just changed is refused, not applied blindly."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, command: lifecycle.Command, client: Client, user, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("version", client.version)
        super().__init__(*args, **kwargs)
        self.command, self.client = command, client
        for param in command.params:
            if type(param) in _FIELDS:
                self.fields[param.form_name] = _FIELDS[type(param)](param, client, user)
        self._follow_chosen_office()

    def _follow_chosen_office(self) -> None:
        """An officer of the office chosen in the form comes right after that office, whose
        choice refreshes the officers offered (HTMX)."""
        office = self.command.param(lifecycle.Destination)
        officer = self.command.param(lifecycle.Officer)
        if office is None or officer is None or officer.office:
            return
        self.fields[office.form_name].widget.attrs.update(
            officer_options_attrs(f"id_{officer.form_name}")
        )
        names = [name for name in self.fields if name != officer.form_name]
        names.insert(names.index(office.form_name) + 1, officer.form_name)
        self.order_fields(names)

    def service_values(self) -> dict:
        """The cleaned data as the service's keyword arguments: a chosen row is passed as its
        id where the keyword is an id."""
        values = {}
        for param in self.command.params:
            if not param.kwarg:
                continue
            if isinstance(param, lifecycle.CurrentOfficer):
                values[param.kwarg] = self.client.staff_id
                continue
            value = self.cleaned_data.get(param.form_name)
            if isinstance(value, Model) and param.kwarg.endswith("_id"):
                value = value.pk
            values[param.kwarg] = value
        return values


def client_command(request, pk: int, command_name: str):
    """The form of one lifecycle command (its permission is checked by the URL's gate)."""
    command = lifecycle.COMMANDS[command_name.lower()]
    client = client_in_scope(request, pk)
    detail_url = reverse("client_detail", args=[client.pk])
    refusal = command_refusal(request.user, client, command)
    if refusal is not None:
        if client.status in command.allowed_from:  # a scope refusal: not the user's to do
            raise PermissionDenied
        messages.error(request, refusal)
        return redirect(detail_url)
    form = CommandForm(request.POST or None, command=command, client=client, user=request.user)

    def write(data):
        def run():
            try:
                return command.run(
                    actor=request.user,
                    client=client,
                    expected_version=data.get("version"),
                    values=form.service_values(),
                )
            except MtejaError as error:
                link_refusals_to_tabs(request, client, error)
                raise

        return _conflict_as_form_error(form, run)

    return form_page(
        request,
        form=form,
        template="clients/client_command.html",
        write=write,
        params={"version": None},
        success_url=detail_url,
        success_message=str(command.done),
        context={
            "client": client,
            "status_badge": status_badge(client.status),
            "command": command,
            "label": command.label,
            "intro": command.intro,
            "about": command.about(client) if command.about else None,
        },
    )


# One page per command, each behind its own permission code: /clients/7/activate/ …
urlpatterns = [
    path(
        f"clients/<int:pk>/{command.name.lower()}/",
        permission_required(command.permission)(client_command),
        {"command_name": command.name},
        name=command_url_name(command),
    )
    for command in lifecycle.COMMANDS.values()
]
