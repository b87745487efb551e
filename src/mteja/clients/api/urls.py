from django.urls import include, path

from mteja.clients.api import addresses as address_api
from mteja.clients.api import datatables as datatables_api
from mteja.clients.api import family as family_api
from mteja.clients.api import identifiers as identifier_api
from mteja.clients.api import policy as policy_api
from mteja.clients.api import views
from mteja.core.api.routes import collection

urlpatterns = [
    *collection(
        "clients",
        "client",
        views.ClientsView,
        template=views.ClientTemplateView,
        item=views.ClientDetailView,
    ),
    path(
        "clients/external-id/<str:pk>",
        views.ClientByExternalIdView.as_view(),
        name="api-client-by-external-id",
    ),
    path(
        "clients/external-id/<str:pk>/transferproposaldate",
        views.TransferProposalDateByExternalIdView.as_view(),
    ),
    path("clients/<id:pk>/transferproposaldate", views.TransferProposalDateView.as_view()),
    path("clients/<id:pk>/transfers", views.ClientTransfersView.as_view()),
    path("clients/<id:pk>/staffassignments", views.ClientStaffHistoryView.as_view()),
    *collection(
        "clients/<id:pk>/identifiers",
        "client-identifier",
        identifier_api.ClientIdentifiersView,
        template=identifier_api.ClientIdentifierTemplateView,
        item=identifier_api.ClientIdentifierDetailView,
        key="identifier_id",
    ),
    *collection(
        "identifierformats",
        "identifier-format",
        identifier_api.IdentifierFormatsView,
        item=identifier_api.IdentifierFormatDetailView,
    ),
    *collection(
        "clients/<id:client_id>/familymembers",
        "client-family-member",
        family_api.FamilyMembersView,
        template=family_api.FamilyMemberTemplateView,
        item=family_api.FamilyMemberDetailView,
        key="member_id",
    ),
    path(
        "clients/<id:client_id>/dependents",
        family_api.ClientDependentsView.as_view(),
        name="api-client-dependents",
    ),
    path(
        "client/addresses/template",
        address_api.AddressTemplateView.as_view(),
        name="api-address-template",
    ),
    path(
        "client/<id:client_id>/addresses",
        address_api.ClientAddressesView.as_view(),
        name="api-client-addresses",
    ),
    path(
        "fieldconfiguration/<str:entity>",
        address_api.FieldConfigurationView.as_view(),
        name="api-field-configuration",
    ),
    path("", include(policy_api.urlpatterns)),
    path("", include(datatables_api.urlpatterns)),
]
