from django.urls import path

from mteja.core.web.routes import record_pages
from mteja.organisation.web import views

_VALUE = "codes/<int:code_pk>/values/"

urlpatterns = [
    *record_pages("offices/", "office", listing=views.OfficeListView, edit=views.OfficeEditView),
    *record_pages(
        "staff/",
        "staff",
        listing=views.StaffListView,
        edit=views.StaffEditView,
        detail=views.StaffDetailView,
    ),
    *record_pages(
        "codes/",
        "code",
        listing=views.CodeListView,
        edit=views.CodeEditView,
        detail=views.CodeDetailView,
        delete=views.CodeDeleteView,
    ),
    *record_pages(
        _VALUE, "code_value", edit=views.CodeValueEditView, delete=views.CodeValueDeleteView
    ),
    *(
        path(
            f"{_VALUE}<int:pk>/{verb}/",
            views.CodeValueActiveView.as_view(active=active),
            name=f"code_value_{verb}",
        )
        for verb, active in (("deactivate", False), ("activate", True))
    ),
]
