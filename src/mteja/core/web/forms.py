"""Forms that hand their data to a service: the service's errors land beside the fields.

`form_page` is the whole life of a create or edit page: show the form; on a valid POST call the
service; on success flash a message and redirect; on a `MtejaError` put each message beside the
field its `param` names (camelCase API names are matched to snake_case form fields, `parentId`
to `parent`), keep what the user typed and show the form again. Errors about no field of the
form appear above it. A record outside the user's scope is not a form error: `NotFound` about
the record itself and `NotAuthorized` propagate to the page gate (404 / 403).

A page whose service checks more than its form (`check_refused=True`) shows every problem at
once: when the form refuses some fields, the service is still run on the others, in a
transaction rolled back whatever happens, and its messages join the form's.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from mteja.core.errors import MtejaError, NotAuthorized, NotFound

_CAMEL_HUMP = re.compile(r"(?<=[a-z0-9])([A-Z])")


def field_for_param(form: forms.BaseForm, param: str, params: Mapping[str, str]) -> str | None:
    """The form field a service's error parameter names, if the form has one."""
    if param in params:
        return params[param]
    snake = _CAMEL_HUMP.sub(r"_\1", param).lower()
    for candidate in (param, snake, snake.removesuffix("_id"), f"{snake}_id"):
        if candidate in form.fields:
            return candidate
    return None


def add_service_errors(
    form: forms.BaseForm, error: MtejaError, params: Mapping[str, str] | None = None
) -> None:
    """Each of the error's messages beside its field, or above the form."""
    for parameter_error in error.errors:
        name = field_for_param(form, parameter_error.param, params or {})
        form.add_error(name, parameter_error.message)


def form_page(
    request: HttpRequest,
    *,
    form: forms.BaseForm,
    template: str,
    write: Callable[[dict[str, Any]], Any],
    success_url: str | Callable[[Any], str],
    success_message: str | Callable[[Any], str],
    params: Mapping[str, str] | None = None,
    context: Mapping[str, Any] | None = None,
    check_refused: bool = False,
) -> HttpResponse:
    """Show `form`; on a valid POST run `write(cleaned_data)` and redirect, or show its errors."""
    if request.method == "POST" and check_refused and not form.is_valid():
        add_dry_run_errors(form, write, params or {})
    if request.method == "POST" and form.is_valid():
        try:
            result = write(form.cleaned_data)
        except NotAuthorized:
            raise
        except NotFound as error:
            if field_for_param(form, error.first.param, params or {}) is None:
                raise
            add_service_errors(form, error, params)
        except MtejaError as error:
            add_service_errors(form, error, params)
        else:
            text = success_message(result) if callable(success_message) else success_message
            messages.success(request, text)
            return redirect(success_url(result) if callable(success_url) else success_url)
    return render(request, template, {"form": form, **(context or {})})


class _DryRun(Exception):
    """Rolls back the trial write of a refused form."""


def add_dry_run_errors(form: forms.BaseForm, write: Callable, params: Mapping[str, str]) -> None:
    """The service's messages about the fields `form` accepted, found by running `write` on
    them (the refused ones left empty) in a transaction that is always rolled back. A field the
    form already refused keeps the form's message alone."""
    refused = set(form.errors)
    data = {name: form.cleaned_data.get(name) for name in form.fields}
    try:
        with transaction.atomic():
            write(data)
            raise _DryRun
    except _DryRun:
        return
    except (NotAuthorized, NotFound):
        return  # about the record itself: the real write, once the form is valid, will say
    except (AttributeError, KeyError, TypeError, ValueError):
        return  # the write needs a value the form refused: its own messages are all there is
    except MtejaError as error:
        for parameter_error in error.errors:
            name = field_for_param(form, parameter_error.param, params)
            if name not in refused and (name is not None or not form.non_field_errors()):
                form.add_error(name, parameter_error.message)


def run_action(
    request: HttpRequest,
    action: Callable[[], Any],
    *,
    success_message: str,
    next_url: str,
    failure_url: str | None = None,
) -> HttpResponse:
    """A button without a form of its own (deactivate, delete, enable): a success message at
    the top of `next_url`, or the service's messages at the top of `failure_url`."""
    try:
        action()
    except (NotAuthorized, NotFound):
        raise
    except MtejaError as error:
        for parameter_error in error.errors:
            messages.error(request, parameter_error.message)
        return redirect(failure_url or next_url)
    messages.success(request, success_message)
    return redirect(next_url)


class MtejaForm(forms.Form):
    """Base of every web form. Pages render it with `{% include "core/form_fields.html" %}`:
    labels, errors beside (and tied by `aria-describedby` to) their fields, help text. (Not
    `{{ form }}`: Django's default form renderer does not look in the project's templates.)"""


def refusals(form: forms.BaseForm) -> list[str]:
    """What a list says of the filters its form refuses (core/results.html), each named by its
    label, in the form's order: an export of the list refuses them in the same words."""
    return [
        *form.non_field_errors(),
        *(f"{field.label}: {error}" for field in form for error in field.errors),
    ]


class DateInput(forms.DateInput):
    """The browser's date picker, which shows the date in the user's locale."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def pattern_field(label, max_length: int, help_text="") -> forms.CharField:
    """An optional regular expression an administrator writes: no spell-check, no
    autocompletion."""
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=False,
        help_text=help_text,
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
    )
