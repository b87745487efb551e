from mteja.core.api.routes import collection
from mteja.organisation.api import views

urlpatterns = [
    *collection(
        "offices",
        "office",
        views.OfficeListView,
        template=views.OfficeTemplateView,
        item=views.OfficeDetailView,
    ),
    *collection(
        "staff", "staff", views.StaffListView, item=views.StaffDetailView, plural="staff-list"
    ),
    *collection("codes", "code", views.CodeListView, item=views.CodeDetailView),
    *collection(
        "codes/<id:code_pk>/codevalues",
        "code-value",
        views.CodeValueListView,
        item=views.CodeValueDetailView,
    ),
]
