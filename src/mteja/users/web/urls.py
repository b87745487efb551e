from django.urls import path

from mteja.core.web.routes import record_pages
from mteja.users.web import views

urlpatterns = [
    *record_pages(
        "users/",
        "user",
        listing=views.UserListView,
        edit=views.UserEditView,
        detail=views.UserDetailView,
        delete=views.UserDeleteView,
    ),
    *record_pages(
        "roles/",
        "role",
        listing=views.RoleListView,
        edit=views.RoleEditView,
        detail=views.RoleDetailView,
    ),
    *(
        path(
            f"roles/<int:pk>/{verb}/", views.RoleSwitchView.as_view(enabled=on), name=f"role_{verb}"
        )
        for verb, on in (("enable", True), ("disable", False))
    ),
]
