from django.urls import path

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
]
