from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "mteja.reports"
    label = "reports"

    def ready(self):
        from mteja.reports.catalogue import REPORTS
        from mteja.users import permission_codes

        # Fineract's code of a report is READ_<report name> (READ_ClientSummary, …); the
        # clients app writes the catalogue's new codes to the table after `migrate`.
        for name in REPORTS:
            permission_codes.add_actions("report", name, ["READ"])
