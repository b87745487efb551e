from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _sync_permission_codes(sender, apps, **kwargs):
    """After `migrate`, every code of the catalogue is in the permission table, so a new
    lifecycle command's code needs no migration of its own (as Django's auth does for its
    model permissions)."""
    from mteja.users.permission_codes import sync_permissions

    sync_permissions(apps)


def _install_search(sender, using, **kwargs):
    """After `migrate`, the search engine's indexes and (SQLite) triggers exist: a migration
    that rebuilds the clients table on SQLite drops its triggers, which this puts back."""
    from django.db import connections

    from mteja.clients.search import engines

    connection = connections[using]
    if "clients_client" in connection.introspection.table_names():
        engines.install(connection)


class ClientsConfig(AppConfig):
    name = "mteja.clients"
    label = "clients"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from mteja.clients import lifecycle
        from mteja.clients.models import (
            CLIENT_RULES,
            ClientPolicy,
            CustomField,
            CustomTable,
            IdentifierFormat,
        )
        from mteja.clients.models.imports import IMPORT_ACTIONS, IMPORT_ENTITY
        from mteja.core import stamps
        from mteja.core.web import labels
        from mteja.organisation.models import CodeValue
        from mteja.users import permission_codes

        # From the registry of lifecycle commands: a permission code per command
        # (ACTIVATE_CLIENT, …) and the name of its audit action on history pages.
        permission_codes.add_actions("portfolio", "CLIENT", lifecycle.permission_actions())
        permission_codes.add_actions("portfolio", "CLIENT", ["EXPORT"])  # clients/bulk
        # Others' import jobs: following, cancelling, resuming them (clients/imports/access.py).
        permission_codes.add_actions("portfolio", IMPORT_ENTITY, IMPORT_ACTIONS)
        # A notification of an import, or of a client, links to it while its reader sees it
        # (decisions 236, 246).
        from mteja.clients.imports.access import JOB_CLOSED, openable_jobs
        from mteja.clients.notified import CLIENT_CLOSED, openable_clients
        from mteja.users.notifications.reach import REACHES, Reach

        REACHES["import"] = Reach(openable_jobs, JOB_CLOSED)
        REACHES["client"] = Reach(openable_clients, CLIENT_CLOSED)
        labels.ACTION_LABELS["EXPORT"] = _("Exported")
        # An import job's events (clients/imports/services.py): created, cancelled, resumed,
        # a check's file imported from its page (IMPORT), and its result file taken (EXPORT).
        labels.ENTITY_LABELS[IMPORT_ENTITY] = _("Client import")
        labels.ACTION_LABELS.setdefault("CANCEL", _("Cancelled"))
        labels.ACTION_LABELS.setdefault("RESUME", _("Resumed"))
        labels.ACTION_LABELS.setdefault("REMOVEFILES", _("Files removed"))
        labels.ACTION_LABELS.setdefault("IMPORT", _("Imported"))
        labels.KEY_LABELS.update(
            {
                "fileName": _("File"),
                "importId": _("Import"),
                "dryRun": _("Check only"),
                "allOrNothing": _("All or nothing"),
                "rows": _("Rows"),
                "outcomes": _("Outcomes"),
                "columns": _("Columns"),
                "filters": _("Filters"),
                "format": _("Format"),
                # An import's outcomes (clients/bulk/checking.py), as its page names them.
                "imported": _("Imported"),
                "already imported": _("Already imported"),
                "valid": _("Valid, not written"),
                "not imported": _("Valid, not imported"),
                "invalid": _("With errors"),
            }
        )
        # An export's filters (ClientFilterSet's parameters) as the list's form names them.
        from mteja.clients.web.filter_form import parameter_labels

        labels.KEY_LABELS.update(parameter_labels())
        labels.ACTION_LABELS.update({c.action: c.history for c in lifecycle.COMMANDS.values()})
        # On the role pages, each command's permission by the command's own name.
        from mteja.users import permission_labels

        permission_labels.ACTION_LABELS.update(
            {c.action: c.label for c in lifecycle.COMMANDS.values()}
        )
        import_labels = {
            "READ": _("Client imports: Follow those of users of their offices"),
            "CANCEL": _("Client imports: Cancel those of users of their offices"),
            "RESUME": _("Client imports: Resume those of users of their offices"),
            "DELETE": _("Client imports: Delete the files of those of users of their offices"),
        }
        permission_labels.CODE_LABELS.update(
            {f"{action}_{IMPORT_ENTITY}": import_labels[action] for action in IMPORT_ACTIONS}
        )
        from mteja.clients.filtersets import ClientFilterSet
        from mteja.clients.kyc.addresses.fields import INLINE_PARAM
        from mteja.clients.kyc.custom_fields import journal_fields
        from mteja.clients.models import Client
        from mteja.core.web.journal import FILTERSETS, LISTED_RECORDS, RECORD_PAGES, RecordPage

        FILTERSETS["CLIENT"] = ClientFilterSet  # an export's filters, worded on the journal

        # A client's parts are shown on the client's page.
        RECORD_PAGES["CLIENT"] = RecordPage(Client, "client_detail")
        for part in ("CLIENTIDENTIFIER", "FAMILYMEMBERS", "ADDRESS", "DATATABLE"):
            RECORD_PAGES[part] = RecordPage(Client, "client_detail", key="client_id")
        # The addresses created with a client, inside its CREATE event (`POST /clients`'s
        # `address`, an import row's columns), read as an address's own event.
        LISTED_RECORDS["CLIENT", INLINE_PARAM] = "ADDRESS"
        journal_fields.register()  # a custom entry's columns by their labels and values
        post_migrate.connect(_sync_permission_codes, sender=self)
        post_migrate.connect(_install_search, sender=self)
        stamps.bump_on_change(
            CLIENT_RULES, ClientPolicy, CodeValue, IdentifierFormat, CustomTable, CustomField
        )
