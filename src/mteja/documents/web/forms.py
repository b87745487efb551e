from django import forms
from django.utils.translation import gettext_lazy as _

from mteja.organisation.models import CodeValue

ACCEPT = "application/pdf,image/jpeg,image/png,image/webp"


class DocumentForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, JPEG, PNG or WEBP. Drop the file here or choose it."),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )
    name = forms.CharField(label=_("Name"), max_length=250, required=False)
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=CodeValue.objects.none(), required=False
    )
    description = forms.CharField(
        label=_("Description"), max_length=1000, required=False, widget=forms.Textarea({"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = CodeValue.objects.filter(
            code__name="Document Category", is_active=True
        ).order_by("position", "id")
        self.fields["category"].label_from_instance = lambda value: value.label


class PhotoForm(forms.Form):
    file = forms.FileField(
        label=_("Photo"),
        help_text=_("JPEG, PNG or WEBP. On a phone, this opens the camera."),
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp", "capture": "user"}
        ),
    )
