"""The refusal of a client file that cannot be read (bulk/reading.py, bulk/csv_text.py)."""


class FileUnreadable(ValueError):
    """The file is not a CSV or XLSX this reader understands; the message says why."""
