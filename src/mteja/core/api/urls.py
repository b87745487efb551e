from django.urls import path

from mteja.core.api import audits, platform
from mteja.core.api.routes import collection

urlpatterns = [
    *collection("audits", "audit", audits.AuditListView, item=audits.AuditDetailView),
    path(
        "audits/searchtemplate",
        audits.AuditSearchTemplateView.as_view(),
        name="api-audit-searchtemplate",
    ),
    *platform.urlpatterns,
]
