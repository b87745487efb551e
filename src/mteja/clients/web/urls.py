from django.urls import path

from mteja.clients.web import commands, custom_views, kyc_views, pages, settings_views, views

urlpatterns = [
    path("clients/", views.client_list, name="client_list"),
    path("clients/new/", views.client_create, name="client_create"),
    path("clients/loan-officers/", views.client_officer_options, name="client_officer_options"),
    path("clients/<int:pk>/", pages.client_detail, name="client_detail"),
    *pages.urlpatterns,
    path("clients/<int:pk>/edit/", views.client_update, name="client_update"),
    path(
        "clients/possible-duplicates/",
        kyc_views.client_duplicate_check,
        name="client_duplicate_check",
    ),
    # Identity documents, family and addresses: their tabs are pages.TABS; their forms.
    *kyc_views.urlpatterns,
    path(
        "clients/<int:pk>/more-details/",
        custom_views.client_custom_fields,
        name="client_custom_fields",
    ),
    path(
        "clients/<int:pk>/more-details/<int:table_pk>/edit/",
        custom_views.client_custom_fields_edit,
        name="client_custom_fields_edit",
    ),
    path("clients/<int:pk>/delete/", views.client_delete, name="client_delete"),
    # Settings of client rules, for administrators.
    path("settings/", settings_views.settings_index, name="client_settings"),
    path(
        "settings/identifier-formats/",
        settings_views.identifier_format_list,
        name="identifier_format_list",
    ),
    path(
        "settings/identifier-formats/<int:type_pk>/",
        settings_views.identifier_format_update,
        name="identifier_format_update",
    ),
    path("settings/client-rules/", settings_views.client_policy, name="client_policy"),
    path("settings/address-fields/", settings_views.address_fields, name="address_fields"),
    path("settings/custom-fields/", custom_views.custom_table_list, name="custom_table_list"),
    path(
        "settings/custom-fields/new/",
        custom_views.custom_table_create,
        name="custom_table_create",
    ),
    path(
        "settings/custom-fields/<int:table_pk>/delete/",
        custom_views.custom_table_delete,
        name="custom_table_delete",
    ),
    path(
        "settings/custom-fields/<int:table_pk>/fields/new/",
        custom_views.custom_field_create,
        name="custom_field_create",
    ),
    path(
        "settings/custom-fields/<int:table_pk>/fields/<int:pk>/edit/",
        custom_views.custom_field_update,
        name="custom_field_update",
    ),
    path(
        "settings/custom-fields/<int:table_pk>/fields/<int:pk>/delete/",
        custom_views.custom_field_delete,
        name="custom_field_delete",
    ),
    # One page per lifecycle command: /clients/7/activate/, /clients/7/proposetransfer/ …
    *commands.urlpatterns,
]
