from django.apps import AppConfig


class OrganisationConfig(AppConfig):
    name = "mteja.organisation"
    label = "organisation"

    def ready(self):
        from mteja.core import reference_cache
        from mteja.organisation.models import CodeValue, Office, Staff

        # Every client names its office, officer and code values: each worker keeps them.
        reference_cache.register(Office, Staff, CodeValue)
