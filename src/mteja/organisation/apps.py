from django.apps import AppConfig


class OrganisationConfig(AppConfig):
    name = "mteja.organisation"
    label = "organisation"
