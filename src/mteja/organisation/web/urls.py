from django.urls import path

from mteja.core.web.routes import record_pages
from mteja.organisation.web.views import (
    CodeDeleteView,
    CodeDetailView,
    CodeEditView,
    CodeListView,
    CodeValueActiveView,
    CodeValueDeleteView,
    CodeValueEditView,
    OfficeEditView,
    OfficeListView,
    StaffDetailView,
    StaffEditView,
    StaffListView,
)

_VALUE = "codes/<int:code_pk>/values/"

urlpatterns = [
    *record_pages("offices/", "office", OfficeListView, OfficeEditView),
    *record_pages("staff/", "staff", StaffListView, StaffEditView, StaffDetailView),
    *record_pages("codes/", "code", CodeListView, CodeEditView, CodeDetailView, CodeDeleteView),
    *record_pages(_VALUE, "code_value", edit=CodeValueEditView, delete=CodeValueDeleteView),
    *(
        path(
            f"{_VALUE}<int:pk>/{verb}/",
            CodeValueActiveView.as_view(active=active),
            name=f"code_value_{verb}",
        )
        for verb, active in (("deactivate", False), ("activate", True))
    ),
]
