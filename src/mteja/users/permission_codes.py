"""The catalogue of Fineract-style permission codes Mteja checks.

Migrations seed it (`sync_permissions`), and a test checks that every API endpoint asks for
a code from it. A later app adds its entities here (or, for codes it derives from its own
declarations, with `add_actions` when it is ready) and calls `sync_permissions` from a data
migration of its own.
"""

SPECIAL = ["ALL_FUNCTIONS", "ALL_FUNCTIONS_READ", "CHECKER_SUPER_USER"]

CRUD = ["READ", "CREATE", "UPDATE", "DELETE"]

# grouping -> entity -> actions
CATALOGUE: dict[str, dict[str, list[str]]] = {
    "organisation": {
        "OFFICE": CRUD,
        "STAFF": CRUD,
    },
    "configuration": {
        "CODE": CRUD,
        "CODEVALUE": CRUD,
        "AUDIT": ["READ"],
        "DATATABLE": CRUD,
        "IDENTIFIERFORMAT": ["READ", "UPDATE"],
        "CLIENTPOLICY": ["READ", "UPDATE"],
        "FIELDCONFIGURATION": ["READ", "UPDATE"],
    },
    "authorisation": {
        "USER": CRUD,
        "ROLE": [*CRUD, "PERMISSIONS", "ENABLE", "DISABLE"],
        "PERMISSION": ["READ"],
    },
    "portfolio": {
        "CLIENT": [*CRUD],  # + one action per lifecycle command, added by the clients app
        "CLIENTIDENTIFIER": CRUD,
        "FAMILYMEMBERS": CRUD,
        "ADDRESS": CRUD,
    },
}


def add_actions(grouping: str, entity: str, actions: list[str]) -> None:
    """An app's own actions on one of its entities, added when the app is ready (the clients
    app adds its lifecycle commands: ACTIVATE, CLOSE, …)."""
    known = CATALOGUE.setdefault(grouping, {}).setdefault(entity, [])
    known.extend(action for action in actions if action not in known)


def all_codes() -> list[tuple[str, str, str, str]]:
    """(grouping, code, entity, action) for every permission."""
    rows = [("special", code, "", "") for code in SPECIAL]
    for grouping, entities in CATALOGUE.items():
        for entity, actions in entities.items():
            rows.extend((grouping, f"{action}_{entity}", entity, action) for action in actions)
    return rows


def sync_permissions(apps, schema_editor=None):
    """Data-migration step: inserts any catalogue code the table lacks."""
    permission_model = apps.get_model("users", "Permission")
    existing = set(permission_model.objects.values_list("code", flat=True))
    permission_model.objects.bulk_create(
        permission_model(grouping=g, code=c, entity_name=e, action_name=a)
        for g, c, e, a in all_codes()
        if c not in existing
    )
