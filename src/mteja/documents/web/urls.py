from django.urls import path

from mteja.documents.web import views

_DOCUMENT = "clients/<int:pk>/documents/<int:document_id>/"

urlpatterns = [
    path("clients/<int:pk>/documents/", views.client_documents, name="client_documents"),
    path(
        "clients/<int:pk>/identifiers/<int:identifier_id>/documents/",
        views.client_documents,
        name="client_identifier_documents",
    ),
    path(f"{_DOCUMENT}file/", views.document_file, name="client_document_file"),
    path(f"{_DOCUMENT}delete/", views.document_delete, name="client_document_delete"),
    path("clients/<int:pk>/photo/", views.client_photo, name="client_photo"),
    path("clients/<int:pk>/photo/edit/", views.client_photo_edit, name="client_photo_edit"),
]
