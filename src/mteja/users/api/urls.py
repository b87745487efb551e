from django.urls import path

from mteja.core.api.routes import collection
from mteja.users.api import views
from mteja.users.notifications.api import urlpatterns as notification_urlpatterns
from mteja.users.twofactor.urls import api_urlpatterns as two_factor_urlpatterns

urlpatterns = [
    path("authentication", views.AuthenticationView.as_view(), name="api-authentication"),
    *collection(
        "users",
        "user",
        views.UserListView,
        template=views.UserTemplateView,
        item=views.UserDetailView,
    ),
    *collection("roles", "role", views.RoleListView, item=views.RoleDetailView),
    path(
        "roles/<id:pk>/permissions",
        views.RolePermissionsView.as_view(),
        name="api-role-permissions",
    ),
    path("permissions", views.PermissionListView.as_view(), name="api-permissions"),
    *two_factor_urlpatterns,
    *notification_urlpatterns,
]
