from django import forms
from django.utils.translation import gettext_lazy as _

from mteja.notes.models import NOTE_MAX_LENGTH


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note"),
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea({"rows": 3, "maxlength": NOTE_MAX_LENGTH}),
    )


class NoteFilterForm(forms.Form):
    from_date = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput({"type": "date"})
    )
    to_date = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput({"type": "date"})
    )
    author = forms.ChoiceField(label=_("Written by"), required=False)

    def __init__(self, *args, authors=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["author"].choices = [("", _("Anyone"))] + [
            (str(user.pk), user.get_full_name() or user.username) for user in authors
        ]
