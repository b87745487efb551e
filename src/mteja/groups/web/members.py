"""Pages that change who is in a group and which groups are in a center: add members with a
search picker, remove or move one, put groups in a center or take them out, and assign a
client to a group (or to a center, through one of its groups or a new one) from the client's
page."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mteja.clients.models import Client
from mteja.clients.web.pages import owned_client
from mteja.core.web.generic import ObjectActionView, ObjectEditView
from mteja.groups import selectors, services
from mteja.groups.models import Center, Group, GroupStatus
from mteja.groups.services.rules import CANNOT_JOIN
from mteja.groups.web.forms import AddMembersForm, AssignForm, PickGroupForm, PickGroupsForm

PICKER_LIMIT = 50


def _open_groups(office_id, *, user):
    groups = Group.objects.restrict(user).filter(office_id=office_id)
    return groups.exclude(status=GroupStatus.CLOSED).select_related("center").order_by("name")


class GroupMemberPage(ObjectEditView):
    """A page about one group (and maybe one of its members) that lands back on it."""

    model = Group
    queryset = selectors.group_rows()

    def get_success_url(self, instance):
        return reverse("group_detail", args=[self.object.pk])

    def get_success_message(self, result):
        return str(self.saved_message) % {"name": self.object.name}


class AddMembersView(GroupMemberPage):
    """The search picker: the office's clients who may join, found by name or account."""

    permission_required = "ASSOCIATECLIENTS_GROUP"
    template_name = "groups/member_add.html"
    form = AddMembersForm
    saved_message = _("Members added to “%(name)s”.")

    def candidates(self):
        group = self.object
        clients = (
            Client.objects.filter(office_id=group.office_id)
            .exclude(status__in=CANNOT_JOIN)
            .exclude(pk__in=selectors.member_client_ids(group))
            .order_by("display_name", "id")
        )
        query = self.request.GET.get("q", "").strip()
        if query and self.request.method != "POST":
            clients = clients.filter(display_name__icontains=query) | clients.filter(
                account_no=query
            )
        return clients

    def get_initial(self):
        return {}

    def get_form_kwargs(self):
        clients = self.candidates()
        return {"clients": clients if self.request.method == "POST" else clients[:PICKER_LIMIT]}

    def update_object(self, data):
        return services.clients_associate(
            actor=self.actor, group=self.object, clients=list(data["clients"])
        )

    def get_extra_context(self):
        return {"query": self.request.GET.get("q", ""), "limit": PICKER_LIMIT}


class MemberMixin:
    def member(self):
        return get_object_or_404(
            Client.objects.filter(pk__in=selectors.member_client_ids(self.object)),
            pk=self.kwargs["client_pk"],
        )


class RemoveMemberView(MemberMixin, ObjectActionView):
    model = Group
    queryset = selectors.group_rows()
    permission_required = "DISASSOCIATECLIENTS_GROUP"
    success_message = _("Member removed from “%(name)s”.")

    def act(self):
        services.clients_disassociate(actor=self.actor, group=self.object, clients=[self.member()])

    def get_next_url(self):
        return reverse("group_detail", args=[self.object.pk])


class MoveMemberView(MemberMixin, GroupMemberPage):
    permission_required = "TRANSFERCLIENTS_GROUP"
    template_name = "groups/pick_form.html"
    form = PickGroupForm
    saved_message = _("Member moved out of “%(name)s”.")

    def get_initial(self):
        return {}

    def get_form_kwargs(self):
        groups = _open_groups(self.object.office_id, user=self.request.user)
        return {"groups": groups.exclude(pk=self.object.pk)}

    def update_object(self, data):
        return services.clients_transfer(
            actor=self.actor, group=self.object, destination=data["group"], clients=[self.member()]
        )

    def get_extra_context(self):
        title = _("Move %(client)s to another group") % {"client": self.member().display_name}
        return {"title": title}


# --- groups of a center ---------------------------------------------------------------------


class AddGroupsView(ObjectEditView):
    model = Center
    queryset = selectors.center_rows()
    permission_required = "ASSOCIATEGROUPS_CENTER"
    template_name = "groups/pick_form.html"
    form = PickGroupsForm
    saved_message = _("Groups added to “%(name)s”.")

    def get_initial(self):
        return {}

    def get_form_kwargs(self):
        groups = _open_groups(self.object.office_id, user=self.request.user)
        return {"groups": groups.filter(center__isnull=True)}

    def update_object(self, data):
        return services.groups_associate(
            actor=self.actor, center=self.object, groups=list(data["groups"])
        )

    def get_success_url(self, instance):
        return reverse("center_detail", args=[self.object.pk])

    def get_success_message(self, result):
        return str(self.saved_message) % {"name": self.object.name}

    def get_extra_context(self):
        return {"title": _("Add groups to “%(name)s”") % {"name": self.object.name}}


class RemoveGroupView(ObjectActionView):
    model = Center
    queryset = selectors.center_rows()
    permission_required = "DISASSOCIATEGROUPS_CENTER"
    success_message = _("Group removed from “%(name)s”.")

    def act(self):
        group = get_object_or_404(self.object.groups.all(), pk=self.kwargs["group_pk"])
        services.groups_disassociate(actor=self.actor, center=self.object, groups=[group])

    def get_next_url(self):
        return reverse("center_detail", args=[self.object.pk])


# --- from the client's page -----------------------------------------------------------------


class AssignClientView(ObjectEditView):
    """Assign the client to a group of its office, or to a center: one of its groups, or a
    new group created in it with the client as first member."""

    model = Group  # the permission: ASSOCIATECLIENTS_GROUP
    permission_required = "ASSOCIATECLIENTS_GROUP"
    template_name = "groups/pick_form.html"
    form = AssignForm

    def get_object(self):
        self.client = owned_client(self.request, self.kwargs["pk"])
        return self.client

    def get_initial(self):
        return {}

    def get_form_kwargs(self):
        user, office_id = self.request.user, self.client.office_id
        centers = Center.objects.restrict(user).filter(office_id=office_id)
        return {
            "groups": _open_groups(office_id, user=user).exclude(
                pk__in=self.client.group_memberships.current().values("group_id")
            ),
            "centers": centers.exclude(status=GroupStatus.CLOSED).order_by("name"),
        }

    def update_object(self, data):
        group = data.get("group")
        if group is None:
            return services.group_create(
                actor=self.actor, center=data["center"], name=data["new_group_name"],
                clients=[self.client],
            )  # fmt: skip
        services.clients_associate(actor=self.actor, group=group, clients=[self.client])
        return group

    def get_success_url(self, instance):
        return reverse("client_groups", args=[self.client.pk])

    def get_success_message(self, result):
        return str(_("%(client)s joined “%(name)s”.")) % {
            "client": self.client.display_name, "name": result.name,
        }  # fmt: skip

    def get_cancel_url(self):
        return reverse("client_groups", args=[self.client.pk])

    def get_extra_context(self):
        return {"title": _("Assign %(client)s to a group") % {"client": self.client.display_name}}
