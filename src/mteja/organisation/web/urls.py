from django.urls import path

from mteja.organisation.web import views

urlpatterns = [
    path("offices/", views.OfficeListView.as_view(), name="office_list"),
    path("offices/new/", views.OfficeEditView.as_view(creating=True), name="office_create"),
    path("offices/<int:pk>/edit/", views.OfficeEditView.as_view(), name="office_update"),
    path("staff/", views.StaffListView.as_view(), name="staff_list"),
    path("staff/new/", views.StaffEditView.as_view(creating=True), name="staff_create"),
    path("staff/<int:pk>/", views.StaffDetailView.as_view(), name="staff_detail"),
    path("staff/<int:pk>/edit/", views.StaffEditView.as_view(), name="staff_update"),
    path("codes/", views.CodeListView.as_view(), name="code_list"),
    path("codes/new/", views.CodeEditView.as_view(creating=True), name="code_create"),
    path("codes/<int:pk>/", views.CodeDetailView.as_view(), name="code_detail"),
    path("codes/<int:pk>/edit/", views.CodeEditView.as_view(), name="code_update"),
    path("codes/<int:pk>/delete/", views.CodeDeleteView.as_view(), name="code_delete"),
    path(
        "codes/<int:code_pk>/values/new/",
        views.CodeValueEditView.as_view(creating=True),
        name="code_value_create",
    ),
    path(
        "codes/<int:code_pk>/values/<int:pk>/edit/",
        views.CodeValueEditView.as_view(),
        name="code_value_update",
    ),
    path(
        "codes/<int:code_pk>/values/<int:pk>/deactivate/",
        views.CodeValueActiveView.as_view(active=False),
        name="code_value_deactivate",
    ),
    path(
        "codes/<int:code_pk>/values/<int:pk>/activate/",
        views.CodeValueActiveView.as_view(active=True),
        name="code_value_activate",
    ),
    path(
        "codes/<int:code_pk>/values/<int:pk>/delete/",
        views.CodeValueDeleteView.as_view(),
        name="code_value_delete",
    ),
]
