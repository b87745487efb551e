from django.urls import path

from mteja.organisation.api import views

urlpatterns = [
    path("offices", views.OfficeListView.as_view(), name="api-offices"),
    path("offices/template", views.OfficeTemplateView.as_view(), name="api-office-template"),
    path("offices/<id:pk>", views.OfficeDetailView.as_view(), name="api-office"),
]
