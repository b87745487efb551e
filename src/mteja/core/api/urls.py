from django.urls import path

from mteja.core.api import audits

urlpatterns = [
    path("audits", audits.AuditListView.as_view(), name="api-audits"),
    path(
        "audits/searchtemplate",
        audits.AuditSearchTemplateView.as_view(),
        name="api-audit-searchtemplate",
    ),
    path("audits/<id:pk>", audits.AuditDetailView.as_view(), name="api-audit"),
]
