from django.urls import include, path

from mteja.core.web.routes import record_pages
from mteja.users.notifications import web as notifications
from mteja.users.web.preferences import preferences
from mteja.users.web.views import (
    RoleDetailView,
    RoleEditView,
    RoleListView,
    RoleSwitchView,
    UserDeleteView,
    UserDetailView,
    UserEditView,
    UserListView,
)

urlpatterns = [
    path("", include("mteja.users.twofactor.web_urls")),
    path("account/preferences/", preferences, name="preferences"),
    *(
        path(route, view, name=view.__name__)
        for route, view in (
            ("notifications/", notifications.notifications_page),
            ("notifications/bell/", notifications.notifications_bell),
            ("notifications/read/", notifications.notifications_mark_read),
        )
    ),
    *record_pages("users/", "user", UserListView, UserEditView, UserDetailView, UserDeleteView),
    *record_pages("roles/", "role", RoleListView, RoleEditView, RoleDetailView),
    *(
        path(f"roles/<int:pk>/{verb}/", RoleSwitchView.as_view(enabled=on), name=f"role_{verb}")
        for verb, on in (("enable", True), ("disable", False))
    ),
]
