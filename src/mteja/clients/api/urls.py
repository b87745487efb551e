from mteja.clients.api import (
    absent,
    absent_menu,
    addresses,
    datatables,
    export,
    family,
    identifiers,
    imports,
    jobs,
    not_imported,
    policy,
    search,
    views,
)
from mteja.core.api.routes import collection, endpoint

_BY_EXTERNAL_ID = "clients/external-id/<str:pk>"

urlpatterns = [
    *collection(
        "clients",
        "client",
        views.ClientsView,
        template=views.ClientTemplateView,
        item=views.ClientDetailView,
    ),
    endpoint("search", search.GlobalSearchView, "search"),
    endpoint("clients/export", export.ClientExportView, "client-export"),
    endpoint("clients/import", imports.ClientImportView, "client-import"),
    endpoint("clients/downloadtemplate", imports.ClientImportTemplateView, "client-template-file"),
    endpoint("clients/uploadtemplate", jobs.ClientUploadTemplateView, "client-upload-file"),
    endpoint("imports", jobs.ImportsView, "imports"),
    endpoint("imports/downloadOutputTemplate", jobs.ImportOutputView, "import-output"),
    endpoint("imports/<id:pk>", jobs.ImportDetailView, "import"),
    endpoint("imports/<id:pk>/files", jobs.ImportFilesView, "import-files"),
    endpoint(_BY_EXTERNAL_ID, views.ClientByExternalIdView, "client-by-external-id"),
    endpoint(f"{_BY_EXTERNAL_ID}/transferproposaldate", views.TransferProposalDateByExternalIdView),
    endpoint("clients/<id:pk>/transferproposaldate", views.TransferProposalDateView),
    endpoint("clients/<id:pk>/transfers", views.ClientTransfersView),
    endpoint("clients/<id:pk>/staffassignments", views.ClientStaffHistoryView),
    *identifiers.urlpatterns,
    *family.urlpatterns,
    *addresses.urlpatterns,
    *policy.urlpatterns,
    *datatables.urlpatterns,
    *absent.urlpatterns,
    *absent_menu.urlpatterns,
    *not_imported.urlpatterns,
]

# Fineract's /v2/ paths (src/mteja/urls.py mounts them).
v2_patterns = [
    endpoint("clients/search", search.ClientSearchView, "v2-client-search"),
]
