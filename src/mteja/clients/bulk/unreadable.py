"""The refusal of a client file that cannot be read (bulk/reading.py, bulk/csv_text.py)."""

from django.utils.translation import gettext_lazy

from mteja.core.hidden_characters import shown_as_codes

PASSWORD_PROTECTED = gettext_lazy(
    "The workbook is protected by a password: open it, save it again without the password "
    "(or as CSV UTF-8), and import that."
)


class FileUnreadable(ValueError):
    """The file is not a CSV or XLSX this reader understands; the message says why, a
    control character or direction mark it quotes from the file (a column's name, a sheet's)
    shown as its code: every page, API answer, CLI line and job record shows it so."""

    def __str__(self) -> str:
        return shown_as_codes(super().__str__())
