from django.urls import path

from mteja.core.web.routes import record_pages
from mteja.groups import selectors
from mteja.groups.models import Center, Group
from mteja.groups.web import members, notes, policy, views

_GROUP_COMMANDS = views.command_views(Group, selectors.group_rows())
_CENTER_COMMANDS = views.command_views(Center, selectors.center_rows())
_MEMBER = "groups/<int:pk>/members/<int:client_pk>/"

urlpatterns = [
    *record_pages(
        "groups/", "group", views.GroupListView, views.GroupEditView, views.GroupDetailView,
        views.GroupDeleteView,
    ),
    *record_pages(
        "centers/", "center", views.CenterListView, views.CenterEditView, views.CenterDetailView,
        views.CenterDeleteView,
    ),
    *(
        path(f"groups/<int:pk>/{verb}/", view.as_view(), name=f"group_{verb}")
        for verb, view in _GROUP_COMMANDS.items()
    ),
    *(
        path(f"centers/<int:pk>/{verb}/", view.as_view(), name=f"center_{verb}")
        for verb, view in _CENTER_COMMANDS.items()
    ),
    path("groups/<int:pk>/members/add/", members.AddMembersView.as_view(), name="group_members_add"),  # noqa: E501
    path(f"{_MEMBER}remove/", members.RemoveMemberView.as_view(), name="group_member_remove"),
    path(f"{_MEMBER}move/", members.MoveMemberView.as_view(), name="group_member_move"),
    path("centers/<int:pk>/groups/add/", members.AddGroupsView.as_view(), name="center_groups_add"),  # noqa: E501
    path(
        "centers/<int:pk>/groups/<int:group_pk>/remove/",
        members.RemoveGroupView.as_view(),
        name="center_group_remove",
    ),
    path(
        "groups/<int:pk>/notes/add/",
        notes.note_views(Group, selectors.group_rows()).as_view(),
        name="group_note_add",
    ),
    path(
        "centers/<int:pk>/notes/add/",
        notes.note_views(Center, selectors.center_rows()).as_view(),
        name="center_note_add",
    ),
    path("settings/groups/", policy.GroupPolicyView.as_view(), name="group_policy"),
    path(
        "clients/<int:pk>/groups/assign/",
        members.AssignClientView.as_view(),
        name="client_group_assign",
    ),
]  # fmt: skip
