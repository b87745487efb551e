from django.urls import path

from mteja.clients import lifecycle
from mteja.clients.web import views

urlpatterns = [
    path("clients/", views.client_list, name="client_list"),
    path("clients/new/", views.client_create, name="client_create"),
    path("clients/loan-officers/", views.client_officer_options, name="client_officer_options"),
    path("clients/<int:pk>/", views.client_detail, name="client_detail"),
    path("clients/<int:pk>/history/", views.client_history, name="client_history"),
    path("clients/<int:pk>/transfers/", views.client_transfers, name="client_transfers"),
    path("clients/<int:pk>/loan-officers/", views.client_officers, name="client_officers"),
    path("clients/<int:pk>/edit/", views.client_update, name="client_update"),
    path("clients/<int:pk>/delete/", views.client_delete, name="client_delete"),
    # One page per lifecycle action: /clients/7/activate/, /clients/7/proposetransfer/ …
    *(
        path(
            f"clients/<int:pk>/{command.name.lower()}/",
            views.COMMAND_VIEWS[command.name],
            {"command_name": command.name},
            name=f"client_{command.name.lower()}",
        )
        for command in lifecycle.COMMANDS.values()
    ),
]
