"""An export of a search holds every client the text finds, where the list ranks only the
newest MTEJA_SEARCH_MATCH_LIMIT: a file of the search is the search's clients, each once, in
id order. On SQLite the matches are read in windows of MTEJA_EXPORT_SEARCH_WINDOW client ids,
each index lookup kept to its window, so that memory holds no more than a window's."""

import csv
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db
EXPORT = "/fineract-provider/api/v1/clients/export"


@pytest.fixture
def njeris(make_client, kibera, head_office, settings):
    settings.MTEJA_SEARCH_MATCH_LIMIT = 1  # the list ranks the newest match (and one more)
    settings.MTEJA_EXPORT_SEARCH_WINDOW = 3  # client ids per window
    found = []
    for place in range(9):
        make_client(office=kibera if place % 2 else head_office, firstname="Other")
        found.append(
            make_client(office=head_office if place % 3 else kibera, firstname="Asha",
                        lastname=f"Njeri{place}")
        )  # fmt: skip
    return found


def _account_numbers(response) -> list[str]:
    assert response.status_code == 200, response.content
    text = b"".join(response.streaming_content).decode().lstrip("\ufeff")
    return [row["accountNo"] for row in csv.DictReader(io.StringIO(text))]


def _unbounded_lookups(queries) -> list[str]:
    """The name lookups of the index (SQLite's FTS5) not kept to a window of ids."""
    lookups = [query["sql"] for query in queries if "clients_client_search MATCH" in query["sql"]]
    return [sql for sql in lookups if not ("rowid >= " in sql and "rowid < " in sql)]


def test_an_export_of_a_search_holds_every_match_where_the_list_ranks_the_newest(api, njeris):
    listed = api.get("/fineract-provider/api/v1/clients", {"search": "njeri"}).json()
    assert listed["totalFilteredRecords"] < len(njeris)  # the list's "more than"
    query = {"search": "njeri", "columns": "accountNo,displayName"}
    with CaptureQueriesContext(connection) as queries:
        exported = _account_numbers(api.get(EXPORT, query))
    assert exported == [client.account_no for client in sorted(njeris, key=lambda c: c.pk)]
    assert _unbounded_lookups(queries.captured_queries) == []


def test_a_branchs_search_export_is_its_offices_matches_office_by_office(
    api_as, make_user, njeris, kibera
):
    clerk = make_user(("ALL_FUNCTIONS",), office=kibera)
    query = {"displayName": "asha njeri", "columns": "accountNo", "format": "csv"}
    with CaptureQueriesContext(connection) as queries:
        exported = _account_numbers(api_as(clerk).get(EXPORT, query))
    mine = sorted((c for c in njeris if c.office_id == kibera.pk), key=lambda c: c.pk)
    assert exported == [client.account_no for client in mine] and len(mine) == 3
    assert _unbounded_lookups(queries.captured_queries) == []


def test_the_web_and_the_shell_export_every_match_too(
    browse_as, admin_user, njeris, tmp_path, kibera
):
    every = [client.account_no for client in sorted(njeris, key=lambda c: c.pk)]
    web = browse_as(admin_user).get("/clients/export/", {"q": "Njeri", "format": "csv"})
    assert _account_numbers(web) == every
    target = tmp_path / "njeri.csv"
    call_command(
        "export", user=admin_user.username, output=str(target), filter=["search=njeri"],
        columns="accountNo",
    )  # fmt: skip
    rows = csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig")))
    assert [row["accountNo"] for row in rows] == every


def test_an_xlsx_export_of_a_search_counts_its_matches_window_by_window(api, njeris):
    with CaptureQueriesContext(connection) as queries:
        response = api.get(EXPORT, {"search": "njeri", "format": "xlsx", "columns": "accountNo"})
        assert response.status_code == 200
        b"".join(response.streaming_content)
    assert _unbounded_lookups(queries.captured_queries) == []


def test_the_list_of_a_search_says_its_download_holds_every_match(browse_as, admin_user, njeris):
    note = "The download holds every client the search finds, not only those listed."
    searched = browse_as(admin_user).get("/clients/", {"q": "Njeri"}).content.decode()
    assert "more than" in searched and note in searched
    assert note not in browse_as(admin_user).get("/clients/").content.decode()
    french = browse_as(admin_user, HTTP_ACCEPT_LANGUAGE="fr").get("/clients/", {"q": "Njeri"})
    assert "tous les clients que la recherche trouve" in french.content.decode()


def _next_client_id_from(next_id: int) -> None:
    """The next client made takes `next_id` (ids far apart, as after a bulk load's deletion)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "UPDATE sqlite_sequence SET seq = %s WHERE name = 'clients_client'", [next_id - 1]
            )
        else:
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('clients_client', 'id'), %s)", [next_id - 1]
            )


def test_ids_far_apart_make_one_window_not_one_per_span_of_ids_between(
    api, make_client, head_office, settings
):
    settings.MTEJA_EXPORT_SEARCH_WINDOW = 20_000
    first = make_client(office=head_office, firstname="Asha", lastname="Njeri")
    _next_client_id_from(first.pk + 10_000_000)
    far = make_client(office=head_office, firstname="Asha", lastname="Njeri")
    with CaptureQueriesContext(connection) as queries:
        exported = _account_numbers(api.get(EXPORT, {"search": "njeri", "columns": "accountNo"}))
    assert far.pk == first.pk + 10_000_000
    assert exported == [first.account_no, far.account_no]
    # One window (two clients), not five hundred (10,000,000 ids / 20,000), each its queries.
    assert len(queries.captured_queries) < 50
