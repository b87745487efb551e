"""What the first migration puts in an empty database: the head office and the system codes
with useful default values (Fineract's names, so integrators find them)."""

import datetime

HEAD_OFFICE_NAME = "Head Office"
HEAD_OFFICE_OPENING = datetime.date(2009, 1, 1)

SYSTEM_CODES: dict[str, list[str]] = {
    "Gender": ["Female", "Male", "Other"],
    "ClientType": ["Individual", "Business owner", "Salaried", "Farmer"],
    "ClientClassification": ["Urban", "Peri-urban", "Rural"],
    "Customer Identifier": ["National ID", "Passport", "Driving licence", "Voter card"],
    "ClientClosureReason": [
        "Client request",
        "Moved out of area",
        "Deceased",
        "Duplicate record",
        "Fraud",
    ],
    "ClientRejectReason": [
        "Incomplete documents",
        "Failed KYC check",
        "Over-indebted",
        "Duplicate record",
    ],
    "ClientWithdrawReason": [
        "Client changed their mind",
        "Joined another institution",
        "Moved out of area",
    ],
    "RELATIONSHIP": ["Spouse", "Father", "Mother", "Son", "Daughter", "Brother", "Sister", "Other"],
    "MARITAL STATUS": ["Single", "Married", "Divorced", "Widowed", "Separated"],
    "PROFESSION": [
        "Farmer",
        "Trader",
        "Artisan",
        "Teacher",
        "Driver",
        "Civil servant",
        "Student",
        "Unemployed",
        "Other",
    ],
    "EDUCATION LEVEL": ["None", "Primary", "Secondary", "Vocational", "University"],
    "ADDRESS_TYPE": ["Residential", "Business", "Postal"],
    "COUNTRY": ["Kenya", "Tanzania", "Uganda", "Rwanda", "Ghana", "Nigeria", "Mexico", "Senegal"],
    "STATE": ["Nairobi", "Mombasa", "Kisumu", "Dar es Salaam", "Arusha", "Kampala"],
    "Constitution": [
        "Sole proprietorship",
        "Partnership",
        "Limited company",
        "Cooperative",
        "Association",
    ],
    "Main Business Line": ["Agriculture", "Retail trade", "Manufacturing", "Services", "Transport"],
    "Document Category": [
        "Identity",
        "Proof of address",
        "Photograph",
        "Signature",
        "Income evidence",
        "Contract",
        "Other",
    ],
}


def seed_head_office_and_codes(apps, schema_editor):
    office_model = apps.get_model("organisation", "Office")
    code_model = apps.get_model("organisation", "Code")
    value_model = apps.get_model("organisation", "CodeValue")
    if not office_model.objects.exists():
        head = office_model.objects.create(
            name=HEAD_OFFICE_NAME, hierarchy=".", opening_date=HEAD_OFFICE_OPENING
        )
        assert head.pk == 1, "the head office must have id 1"
    for code_name, values in SYSTEM_CODES.items():
        code, _ = code_model.objects.get_or_create(
            name=code_name, defaults={"is_system_defined": True}
        )
        for position, value in enumerate(values, start=1):
            value_model.objects.get_or_create(
                code=code, name=value, defaults={"position": position}
            )
