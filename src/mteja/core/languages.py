"""The site's language a locale name asks for, where no request chose one (a worker, a
command at the shell)."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation


def site_language(locale: str) -> str:
    """The site's language `locale` names (`fr`, `fr_FR`, `es-419`); the site's own when it
    names none of them (or is empty)."""
    try:
        return translation.get_supported_language_variant(locale.replace("_", "-"))
    except LookupError:
        return settings.LANGUAGE_CODE
