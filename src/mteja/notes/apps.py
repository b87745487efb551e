from django.apps import AppConfig


class NotesConfig(AppConfig):
    name = "mteja.notes"
    label = "notes"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from mteja.core.web import labels
        from mteja.notes.models import GROUP_NOTE_ENTITY, NOTE
        from mteja.users import permission_codes

        # READ_CLIENTNOTE, CREATE_CLIENTNOTE, … (Fineract's codes).
        permission_codes.add_actions("portfolio", NOTE.entity, permission_codes.CRUD)
        permission_codes.add_actions("portfolio", GROUP_NOTE_ENTITY, permission_codes.CRUD)
        labels.ENTITY_LABELS.update({NOTE.entity: _("Note"), GROUP_NOTE_ENTITY: _("Group note")})
        from mteja.clients.models import Client
        from mteja.core.web.journal import RECORD_PAGES, RecordPage

        RECORD_PAGES[NOTE.entity] = RecordPage(Client, "client_detail", key="client_id")
