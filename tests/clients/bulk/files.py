"""Client files as tests write them."""


def csv_file(*lines: str, delimiter=",", bom=True) -> bytes:
    """The lines as a CSV file (CRLF; `delimiter` in place of each comma; a BOM by default)."""
    text = "\r\n".join(line.replace(",", delimiter) for line in lines)
    return (("\ufeff" if bom else "") + text).encode()
