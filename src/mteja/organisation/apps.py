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

        from mteja.core.web.journal import RECORD_PAGES, RecordPage

        RECORD_PAGES.update(
            OFFICE=RecordPage(Office, None),
            STAFF=RecordPage(Staff, "staff_detail"),
            CODE=RecordPage(Code, "code_detail"),
            CODEVALUE=RecordPage(CodeValue, None),
        )
