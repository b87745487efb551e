"""Fineract's `/runreports/{reportName}`: one report of `catalogue.REPORTS` run for the subject
its `R_…` parameter names, answered as Fineract does: with `genericResultSet=false` a list of
rows, each an object of named figures; otherwise (Fineract's default) its generic result set,
`columnHeaders` beside `data` rows of values.

Fineract's permission to run a report is READ_<report name>; the subject is looked up in the
user's offices as everywhere else (404 outside them). A report Mteja does not run is the JSON
404 of any path the API does not have.
"""

from __future__ import annotations

from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response

from mteja.core.api.query import query_bool, query_int
from mteja.core.api.views import FineractAPIView
from mteja.core.errors import ParameterError, ValidationFailed
from mteja.reports.catalogue import INTEGER, REPORTS, Report


def _subject_id(report: Report, params) -> int:
    value = query_int(params, report.parameter, minimum=1)
    if value is None:
        code = f"validation.msg.runreports.{report.parameter}.cannot.be.blank"
        message = _("The parameter %(param)s is mandatory.") % {"param": report.parameter}
        raise ValidationFailed([ParameterError(code, report.parameter, message)])
    return value


def generic_result_set(report: Report, rows: list[dict]) -> dict:
    """Fineract's GenericResultsetData: the columns' headers, then each row's values."""
    headers = []
    for name in report.columns:
        column_type, display_type = report.types.get(name, INTEGER)
        headers.append(
            {
                "columnName": name,
                "columnType": column_type,
                "columnDisplayType": display_type,
                "isColumnNullable": True,
                "isColumnPrimaryKey": False,
                "columnValues": [],
            }
        )
    data = [{"row": [row[name] for name in report.columns]} for row in rows]
    return {"columnHeaders": headers, "data": data}


class RunReportView(FineractAPIView):
    def required_permission(self, request) -> str:
        return f"READ_{self.kwargs['name']}"

    def get(self, request, name: str):
        """Runs a report for its subject: a client, a group or center, or an office."""
        report = REPORTS[name]
        subject = report.subject(request.user, _subject_id(report, request.query_params))
        rows = report.rows(subject)
        if query_bool(request.query_params, "genericResultSet") is False:
            return Response(rows)
        return Response(generic_result_set(report, rows))


def report_view(name: str, report: Report) -> type:
    """RunReportView documented for one report: its own operation and subject parameter."""
    slug = "".join(part[:1].upper() + part[1:] for part in name.split())
    schema = extend_schema(
        operation_id=f"runReport{slug}",
        parameters=[
            OpenApiParameter(report.parameter, int, required=True),
            OpenApiParameter("genericResultSet", bool, description="false: rows as objects."),
        ],
        # Rows as objects with genericResultSet=false, else Fineract's generic result set.
        responses=OpenApiTypes.ANY,
    )

    def get(self, request, name: str):
        return RunReportView.get(self, request, name)

    get.__doc__ = RunReportView.get.__doc__
    return type(f"Run{slug}View", (RunReportView,), {"get": schema(get)})


# One route per report: any other name is the JSON 404 of every path the API does not have.
urlpatterns = [
    path(f"runreports/{name}", report_view(name, report).as_view(), {"name": name})
    for name, report in REPORTS.items()
]
