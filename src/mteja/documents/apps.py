from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "mteja.documents"
    label = "documents"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from mteja.core.web import labels
        from mteja.documents.models import DOCUMENT, IMAGE
        from mteja.users import permission_codes

        # Fineract's codes (READ_DOCUMENT, CREATE_CLIENTIMAGE, …), stored in the permission
        # table after `migrate` by the clients app's post_migrate hook.
        permission_codes.add_actions("portfolio", DOCUMENT.entity, permission_codes.CRUD)
        permission_codes.add_actions("portfolio", IMAGE.entity, ["READ", "CREATE", "DELETE"])
        labels.ENTITY_LABELS.update({DOCUMENT.entity: _("Document"), IMAGE.entity: _("Photo")})
        from mteja.clients.models import Client
        from mteja.core.web.journal import RECORD_PAGES, RecordPage

        for entity in (DOCUMENT.entity, IMAGE.entity):  # shown on their client's page
            RECORD_PAGES[entity] = RecordPage(Client, "client_detail", key="client_id")
