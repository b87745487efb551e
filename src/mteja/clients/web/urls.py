from django.urls import path

from mteja.clients.web import (
    commands,
    custom_views,
    export,
    imports,
    pages,
    quick_search,
    settings_views,
    views,
)
from mteja.clients.web import kyc_views as kyc

_FIELD = "settings/custom-fields/<int:table_pk>/fields/<int:pk>/"


def _page(route: str, view, *kwargs):
    """A page named as its view is."""
    return path(route, view, *kwargs, name=view.__name__)


urlpatterns = [
    path("clients/", views.ClientListView.as_view(), name="client_list"),
    _page("clients/new/", views.client_create),
    _page("clients/export/", export.client_export),
    _page("clients/export/columns/", export.client_export_columns),
    _page("clients/import/", imports.client_import),
    _page("imports/<int:pk>/", imports.client_import_job),
    _page("imports/<int:pk>/progress/", imports.client_import_progress),
    _page("imports/<int:pk>/result.<str:chosen>", imports.client_import_result),
    _page("imports/<int:pk>/files/delete/", imports.client_import_files_delete),
    _page("imports/<int:pk>/<str:command>/", imports.client_import_command),
    _page("clients/loan-officers/", views.client_officer_options),
    _page("clients/quick-search/", quick_search.client_quick_search),
    _page("clients/<int:pk>/", pages.client_detail),
    *pages.urlpatterns,
    _page("clients/<int:pk>/edit/", views.client_update),
    _page("clients/possible-duplicates/", kyc.client_duplicate_check),
    # Identity documents, family and addresses: their tabs are pages.TABS; their forms.
    *kyc.urlpatterns,
    _page("clients/<int:pk>/more-details/", custom_views.client_custom_fields),
    _page(
        "clients/<int:pk>/more-details/<int:table_pk>/edit/", custom_views.client_custom_fields_edit
    ),
    _page("clients/<int:pk>/delete/", views.client_delete),
    # Settings of client rules, for administrators.
    path("settings/", settings_views.settings_index, name="client_settings"),
    _page("settings/identifier-formats/", settings_views.identifier_format_list),
    _page("settings/identifier-formats/<int:type_pk>/", settings_views.identifier_format_update),
    _page("settings/client-rules/", settings_views.client_policy),
    _page("settings/address-fields/", settings_views.address_fields),
    _page("settings/custom-fields/", custom_views.custom_table_list),
    _page("settings/custom-fields/new/", custom_views.custom_table_create),
    _page("settings/custom-fields/<int:table_pk>/delete/", custom_views.custom_table_delete),
    _page("settings/custom-fields/<int:table_pk>/fields/new/", custom_views.custom_field_create),
    _page(f"{_FIELD}edit/", custom_views.custom_field_update),
    _page(f"{_FIELD}delete/", custom_views.custom_field_delete),
    # One page per lifecycle command: /clients/7/activate/, /clients/7/proposetransfer/ …
    *commands.urlpatterns,
]
