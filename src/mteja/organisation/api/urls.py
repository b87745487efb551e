from django.urls import path

from mteja.organisation.api import views

urlpatterns = [
    path("offices", views.OfficeListView.as_view(), name="api-offices"),
    path("offices/template", views.OfficeTemplateView.as_view(), name="api-office-template"),
    path("offices/<id:pk>", views.OfficeDetailView.as_view(), name="api-office"),
    path("staff", views.StaffListView.as_view(), name="api-staff-list"),
    path("staff/<id:pk>", views.StaffDetailView.as_view(), name="api-staff"),
    path("codes", views.CodeListView.as_view(), name="api-codes"),
    path("codes/<id:pk>", views.CodeDetailView.as_view(), name="api-code"),
    path(
        "codes/<id:code_pk>/codevalues",
        views.CodeValueListView.as_view(),
        name="api-code-values",
    ),
    path(
        "codes/<id:code_pk>/codevalues/<id:pk>",
        views.CodeValueDetailView.as_view(),
        name="api-code-value",
    ),
]
