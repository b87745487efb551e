# "5 sept. 2025" (Django's "N": the month as the language abbreviates it).
DATE_FORMAT = SHORT_DATE_FORMAT = "j N Y"
DATETIME_FORMAT = SHORT_DATETIME_FORMAT = "j N Y, H:i"
