from django.urls import path

from mteja.users.web import views

urlpatterns = [
    path("users/", views.UserListView.as_view(), name="user_list"),
    path("users/new/", views.UserEditView.as_view(creating=True), name="user_create"),
    path("users/<int:pk>/", views.UserDetailView.as_view(), name="user_detail"),
    path("users/<int:pk>/edit/", views.UserEditView.as_view(), name="user_update"),
    path("users/<int:pk>/delete/", views.UserDeleteView.as_view(), name="user_delete"),
    path("roles/", views.RoleListView.as_view(), name="role_list"),
    path("roles/new/", views.RoleEditView.as_view(creating=True), name="role_create"),
    path("roles/<int:pk>/", views.RoleDetailView.as_view(), name="role_detail"),
    path("roles/<int:pk>/edit/", views.RoleEditView.as_view(), name="role_update"),
    path("roles/<int:pk>/enable/", views.RoleSwitchView.as_view(enabled=True), name="role_enable"),
    path(
        "roles/<int:pk>/disable/", views.RoleSwitchView.as_view(enabled=False), name="role_disable"
    ),
]
