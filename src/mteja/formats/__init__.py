"""How each language writes dates for people (settings.FORMAT_MODULE_PATH): day, abbreviated
month, year — "5 Sep 2025", "5 sept. 2025" — never "09/05/2025", which half the world reads
as 9 May. The short formats are the same: a list reads like the client's page. A user may
prefer digits instead (core/dates.py)."""
