"""The refusal of a client file that cannot be read (bulk/reading.py, bulk/csv_text.py)."""

from django.utils.translation import gettext_lazy

PASSWORD_PROTECTED = gettext_lazy(
    "The workbook is protected by a password: open it, save it again without the password "
    "(or as CSV UTF-8), and import that."
)


class FileUnreadable(ValueError):
    """The file is not a CSV or XLSX this reader understands; the message says why."""
