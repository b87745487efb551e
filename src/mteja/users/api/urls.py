from django.urls import path

from mteja.users.api import views

urlpatterns = [
    path("authentication", views.AuthenticationView.as_view(), name="api-authentication"),
    path("users", views.UserListView.as_view(), name="api-users"),
    path("users/template", views.UserTemplateView.as_view(), name="api-user-template"),
    path("users/<id:pk>", views.UserDetailView.as_view(), name="api-user"),
    path("roles", views.RoleListView.as_view(), name="api-roles"),
    path("roles/<id:pk>", views.RoleDetailView.as_view(), name="api-role"),
    path(
        "roles/<id:pk>/permissions",
        views.RolePermissionsView.as_view(),
        name="api-role-permissions",
    ),
    path("permissions", views.PermissionListView.as_view(), name="api-permissions"),
]
