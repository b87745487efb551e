from django.urls import path

from mteja.notes.web import views

urlpatterns = [
    path("clients/<int:pk>/notes/", views.client_notes, name="client_notes"),
    path("clients/<int:pk>/notes/<int:note_id>/edit/", views.note_edit, name="client_note_edit"),
    path(
        "clients/<int:pk>/notes/<int:note_id>/delete/", views.note_delete, name="client_note_delete"
    ),
]
