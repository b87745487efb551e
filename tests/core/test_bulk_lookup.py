"""core/bulk_lookup.py: which of a batch's values rows hold, one statement whatever their
number."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mteja.clients.models import SearchTerm
from mteja.core import bulk_lookup

pytestmark = pytest.mark.django_db


def test_the_values_rows_hold_are_found_in_one_statement_of_one_text():
    SearchTerm.objects.create(variant="amani", term="amani")
    SearchTerm.objects.create(variant="amni", term="amani")
    SearchTerm.objects.create(variant="zoé", term="zoé")
    many = [f"word{number}" for number in range(300)]
    with CaptureQueriesContext(connection) as queries:
        assert bulk_lookup.held(SearchTerm, "variant", ["amni", "zoé", "baraka"]) == {"amni", "zoé"}
        assert bulk_lookup.held(
            SearchTerm, "variant", ["amni", "amani", *many], equal_to="term"
        ) == {"amani"}
        assert bulk_lookup.held(SearchTerm, "variant", set()) == set()
    assert len(queries.captured_queries) == 2
    postgres = connection.vendor == "postgresql"
    text = bulk_lookup._sql(SearchTerm, "variant", "term", postgres=postgres)
    assert text.count("%s") == 1  # one parameter for 302 values, not a mark each
