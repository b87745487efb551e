"""The import page: a client file (the template's columns, or an export's), checked row by
row as the API checks it (clients/bulk/importing.py), its outcome shown by row and column or
downloaded as the file with a Status column."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from mteja.clients.bulk.download import result_download
from mteja.clients.bulk.importing import import_clients
from mteja.clients.bulk.reading import FileUnreadable
from mteja.core.web.access import permission_required
from mteja.core.web.forms import MtejaForm

SHOW, RESULT_CSV, RESULT_XLSX = "show", "csv", "xlsx"


class ImportForm(MtejaForm):
    file = forms.FileField(
        label=_("Client file"),
        help_text=_("CSV or Excel (.xlsx), with the template's columns or an export's."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )
    dry_run = forms.BooleanField(
        label=_("Only check the file (import nothing)"), required=False, initial=True
    )
    all_or_nothing = forms.BooleanField(
        label=_("Import nothing unless every row is valid"), required=False
    )
    outcome = forms.ChoiceField(
        label=_("Then"),
        choices=[
            (SHOW, _("Show the outcome on this page")),
            (RESULT_CSV, _("Download the file with a Status column (CSV)")),
            (RESULT_XLSX, _("Download the file with a Status column (Excel)")),
        ],
        initial=SHOW,
        widget=forms.RadioSelect,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.MTEJA_UPLOAD_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than the limit of %(limit)s bytes.")
                % {"limit": settings.MTEJA_UPLOAD_MAX_BYTES}
            )
        return upload


@permission_required("CREATE_CLIENT")
def client_import(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with data["file"].open("rb") as stream:
                report = import_clients(
                    user=request.user,
                    data=stream.read(),
                    dry_run=data["dry_run"],
                    all_or_nothing=data["all_or_nothing"],
                )
        except FileUnreadable as refused:
            form.add_error("file", str(refused))
        else:
            if data["outcome"] != SHOW:
                return result_download(report, data["outcome"])
    context = {"form": form, "report": report}
    if report is not None:
        context["summary"] = report.summary()
        context["failed_rows"] = [row for row in report.rows if row.errors]
    return render(request, "clients/client_import.html", context)
