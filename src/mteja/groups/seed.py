"""What the groups app puts in an empty database: the reasons for closing a group or a center
(Fineract's code `GroupClosureReason`) and the one row of membership limits (no limits)."""

CLOSURE_REASONS = ["Group dissolved", "Merged with another group", "Members moved away", "Other"]


def seed_group_codes_and_policy(apps, schema_editor):
    code_model = apps.get_model("organisation", "Code")
    value_model = apps.get_model("organisation", "CodeValue")
    code, _ = code_model.objects.get_or_create(
        name="GroupClosureReason", defaults={"is_system_defined": True}
    )
    for position, name in enumerate(CLOSURE_REASONS):
        value_model.objects.get_or_create(code=code, name=name, defaults={"position": position})
    apps.get_model("groups", "GroupPolicy").objects.get_or_create(pk=1)
