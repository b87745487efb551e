"""Defaults an empty database starts with: identifier format rules and the address fields."""

# type name → (pattern on the normalised key, message, expiry required)
IDENTIFIER_FORMATS = {
    "National ID": (r"^[A-Z0-9]{5,20}$",
                    "A national ID number has 5 to 20 letters and digits.", False),
    "Passport": (r"^[A-Z0-9]{6,9}$", "A passport number has 6 to 9 letters and digits.", True),
    "Driving licence": (r"^[A-Z0-9]{5,16}$",
                        "A driving licence number has 5 to 16 letters and digits.", True),
    "Voter card": (r"^[A-Z0-9]{6,20}$",
                   "A voter card number has 6 to 20 letters and digits.", False),
}  # fmt: skip

ADDRESS_FIELDS = [
    "addressType", "street", "addressLine1", "addressLine2", "addressLine3", "townVillage",
    "city", "countyDistrict", "stateProvinceId", "countryId", "postalCode", "latitude",
    "longitude", "isActive",
]  # fmt: skip


def seed_kyc_defaults(apps, schema_editor):
    value_model = apps.get_model("organisation", "CodeValue")
    format_model = apps.get_model("clients", "IdentifierFormat")
    config_model = apps.get_model("clients", "FieldConfiguration")
    for name, (pattern, message, expiry) in IDENTIFIER_FORMATS.items():
        value = value_model.objects.filter(code__name="Customer Identifier", name=name).first()
        if value is not None:
            format_model.objects.get_or_create(
                document_type=value,
                defaults={"pattern": pattern, "message": message, "expiry_required": expiry},
            )
    for field in ADDRESS_FIELDS:
        config_model.objects.get_or_create(
            entity="ADDRESS",
            subentity="CLIENT",
            field=field,
            defaults={"is_enabled": True, "is_mandatory": field == "addressType"},
        )
