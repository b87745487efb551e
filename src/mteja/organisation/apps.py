from django.apps import AppConfig


class OrganisationConfig(AppConfig):
    name = "mteja.organisation"
    label = "organisation"

    def ready(self):
        from mteja.core import reference_cache
        from mteja.organisation.models import Code, CodeValue, Office, Staff

        # Every client names its office, officer and code values (of their lists): each
        # worker keeps them.
        reference_cache.register(Office, Staff, CodeValue, Code)
