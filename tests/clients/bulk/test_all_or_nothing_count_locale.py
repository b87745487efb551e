"""All or nothing stopped at a row refused as written: the rows imported before it are
counted as the clerk's language groups thousands (1,234 / 1 234), as every other count of
the import pages is."""

import pytest
from django.utils import translation

from mteja.clients.bulk.all_or_nothing import RowRefusedAtWrite, stopped_at


@pytest.mark.parametrize(
    ("language", "written"),
    [("en", "1,234 rows imported before it"), ("fr", "1\xa0234 lignes"), ("es", "1\xa0234 filas")],
)
@pytest.mark.parametrize("resumable", [True, False])
def test_the_rows_imported_before_are_counted_in_the_users_language(language, written,
                                                                    resumable):  # fmt: skip
    refused = RowRefusedAtWrite(1300, "staff: Wambui, Grace is no longer active.")
    with translation.override(language):
        message = stopped_at(refused.line, refused.errors, 1234, resumable=resumable)
    assert written in message
    assert "1300" in message  # a line number, as the result file writes it
