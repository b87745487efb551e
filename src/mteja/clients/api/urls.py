from django.urls import include, path

from mteja.clients.api import addresses as address_api
from mteja.clients.api import datatables as datatables_api
from mteja.clients.api import family as family_api
from mteja.clients.api import identifiers as identifier_api
from mteja.clients.api import policy as policy_api
from mteja.clients.api import views

urlpatterns = [
    path("clients", views.ClientsView.as_view(), name="api-clients"),
    path("clients/template", views.ClientTemplateView.as_view(), name="api-client-template"),
    path(
        "clients/external-id/<str:pk>",
        views.ClientByExternalIdView.as_view(),
        name="api-client-by-external-id",
    ),
    path(
        "clients/external-id/<str:pk>/transferproposaldate",
        views.TransferProposalDateByExternalIdView.as_view(),
    ),
    path("clients/<id:pk>", views.ClientDetailView.as_view(), name="api-client"),
    path("clients/<id:pk>/transferproposaldate", views.TransferProposalDateView.as_view()),
    path("clients/<id:pk>/transfers", views.ClientTransfersView.as_view()),
    path("clients/<id:pk>/staffassignments", views.ClientStaffHistoryView.as_view()),
    path(
        "clients/<id:pk>/identifiers",
        identifier_api.ClientIdentifiersView.as_view(),
        name="api-client-identifiers",
    ),
    path(
        "clients/<id:pk>/identifiers/template",
        identifier_api.ClientIdentifierTemplateView.as_view(),
        name="api-client-identifier-template",
    ),
    path(
        "clients/<id:pk>/identifiers/<id:identifier_id>",
        identifier_api.ClientIdentifierDetailView.as_view(),
        name="api-client-identifier",
    ),
    path(
        "identifierformats",
        identifier_api.IdentifierFormatsView.as_view(),
        name="api-identifier-formats",
    ),
    path(
        "identifierformats/<id:pk>",
        identifier_api.IdentifierFormatDetailView.as_view(),
        name="api-identifier-format",
    ),
    path(
        "clients/<id:client_id>/familymembers",
        family_api.FamilyMembersView.as_view(),
        name="api-client-family-members",
    ),
    path(
        "clients/<id:client_id>/familymembers/template",
        family_api.FamilyMemberTemplateView.as_view(),
        name="api-client-family-member-template",
    ),
    path(
        "clients/<id:client_id>/familymembers/<id:member_id>",
        family_api.FamilyMemberDetailView.as_view(),
        name="api-client-family-member",
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
