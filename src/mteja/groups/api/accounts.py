"""`GET /groups/{id}/accounts`, `/centers/{id}/accounts`, `/groups/{id}/glimaccounts` and
`/groups/{id}/gsimaccounts`: the accounts a group or center holds in its own name, as the
Mifos X web-app's group and center pages read them. Mteja's portfolio keeps accounts of
clients only, so these lists are empty (a member's accounts are on the member's page)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from mteja.core.api.views import FineractAPIView
from mteja.groups.api.owners import center_for_read, grouping_for_read, kind_entity


class GroupAccountsOut(serializers.Serializer):
    loanAccounts = serializers.ListField(child=serializers.DictField())
    savingsAccounts = serializers.ListField(child=serializers.DictField())
    shareAccounts = serializers.ListField(child=serializers.DictField())
    guarantorAccounts = serializers.ListField(child=serializers.DictField())


class LinkedAccountOut(serializers.Serializer):
    """A GLIM or GSIM account as Fineract lists them (never one in Mteja yet)."""

    id = serializers.IntegerField()
    accountNumber = serializers.CharField()


def _no_accounts() -> dict:
    return {name: [] for name in GroupAccountsOut().fields}


class GroupingReadView(FineractAPIView):
    """A read about the group or center in the path, with its kind's READ permission."""

    def required_permission(self, request) -> str:
        return f"READ_{kind_entity(self.kwargs['pk'])}"


class GroupAccountsView(GroupingReadView):
    @extend_schema(responses=GroupAccountsOut, operation_id="retrieveGroupAccounts")
    def get(self, request, pk):
        grouping_for_read(request, pk)
        return Response(_no_accounts())


class CenterAccountsView(FineractAPIView):
    entity = "CENTER"

    @extend_schema(responses=GroupAccountsOut, operation_id="retrieveCenterAccounts")
    def get(self, request, pk):
        center_for_read(request, pk)
        return Response(_no_accounts())


class GroupLinkedAccountsView(GroupingReadView):
    """GLIM or GSIM accounts (a group loan or savings with one account per member)."""

    @extend_schema(responses=LinkedAccountOut(many=True))
    def get(self, request, pk):
        grouping_for_read(request, pk)
        return Response([])
