from django.urls import path

from mteja.organisation.web import views

urlpatterns = [
    path("offices/", views.office_list, name="office_list"),
    path("offices/new/", views.office_create, name="office_create"),
    path("offices/<int:pk>/edit/", views.office_update, name="office_update"),
    path("staff/", views.staff_list, name="staff_list"),
    path("staff/new/", views.staff_create, name="staff_create"),
    path("staff/<int:pk>/", views.staff_detail, name="staff_detail"),
    path("staff/<int:pk>/edit/", views.staff_update, name="staff_update"),
    path("codes/", views.code_list, name="code_list"),
    path("codes/new/", views.code_create, name="code_create"),
    path("codes/<int:pk>/", views.code_detail, name="code_detail"),
    path("codes/<int:pk>/edit/", views.code_update, name="code_update"),
    path("codes/<int:pk>/delete/", views.code_delete, name="code_delete"),
    path("codes/<int:code_pk>/values/new/", views.code_value_create, name="code_value_create"),
    path(
        "codes/<int:code_pk>/values/<int:pk>/edit/",
        views.code_value_update,
        name="code_value_update",
    ),
    path(
        "codes/<int:code_pk>/values/<int:pk>/deactivate/",
        views.code_value_set_active,
        {"active": False},
        name="code_value_deactivate",
    ),
    path(
        "codes/<int:code_pk>/values/<int:pk>/activate/",
        views.code_value_set_active,
        {"active": True},
        name="code_value_activate",
    ),
    path(
        "codes/<int:code_pk>/values/<int:pk>/delete/",
        views.code_value_delete,
        name="code_value_delete",
    ),
]
