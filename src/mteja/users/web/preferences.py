"""The user's own preferences page (from their name in the header): how dates are written."""

from __future__ import annotations

import datetime

from django import forms
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mteja.core.dates import DateDisplay
from mteja.core.web.access import permission_required
from mteja.core.web.forms import form_page
from mteja.users.services.preferences import user_set_preferences

EXAMPLE_DAY = datetime.date(2025, 9, 5)


class PreferencesForm(forms.Form):
    date_display = forms.ChoiceField(
        label=gettext_lazy("Date format"),
        choices=DateDisplay.choices,
        required=False,
        widget=forms.RadioSelect,
    )


@permission_required(None)
def preferences(request):
    form = PreferencesForm(
        request.POST or None, initial={"date_display": request.user.date_display}
    )
    return form_page(
        request,
        form=form,
        template="users/preferences.html",
        write=lambda data: user_set_preferences(actor=request.user, **data),
        success_url=reverse("preferences"),
        success_message=_("Your preferences are saved."),
        params={"dateDisplay": "date_display"},
        context={"example": date_format(EXAMPLE_DAY, "DATE_FORMAT")},
    )
