# "5 sep 2025" (Django's "b": the month's three letters, lower case, as Spanish writes them;
# its "N" mixes "Ene." and "marzo").
DATE_FORMAT = SHORT_DATE_FORMAT = "j b Y"
DATETIME_FORMAT = SHORT_DATETIME_FORMAT = "j b Y, H:i"
