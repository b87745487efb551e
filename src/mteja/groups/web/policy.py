"""The settings page of the membership limits (minimum and maximum members per group)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mteja.core.web.generic import ObjectEditView
from mteja.groups import services
from mteja.groups.models import GroupPolicy
from mteja.groups.web.forms import GroupPolicyForm


class GroupPolicyView(ObjectEditView):
    model = GroupPolicy
    permission_required = "UPDATE_GROUPPOLICY"
    template_name = "groups/policy_form.html"
    form = GroupPolicyForm
    saved_message = _("Group settings saved.")

    def get_object(self):
        return GroupPolicy.current()

    def update_object(self, data):
        return services.group_policy_update(actor=self.actor, **data)

    def get_success_url(self, instance):
        return reverse("group_policy")

    def get_success_message(self, result):
        return str(self.saved_message)
