"""The one client search on a small fixed data set: what each kind of text finds and in which
order. The suite runs on SQLite (FTS5 trigram index) and on PostgreSQL (pg_trgm): the same
expectations hold on both."""

import json

import pytest

from mteja.clients.kyc import identifiers
from mteja.clients.models import Client, SearchTerm
from mteja.clients.search import matching, vocabulary
from mteja.clients.search.indexing import reindex
from mteja.organisation.models import CodeValue

from ..conftest import BASE

pytestmark = pytest.mark.django_db

PEOPLE = {
    # name: (first, middle, last, mobile)
    "nunez": ("María", None, "Núñez Ávila", "0712 345 678"),
    "aissatou": ("Aïssatou", None, "Diallo", "+255 754 000 111"),
    "neema": ("Neema", None, "Mohamed", ""),
    "mohamed": ("Mohamed", None, "Ali", ""),
    "ajayi": ("Bola", None, "Ajayi", ""),
    "lukasz": ("Łukasz", None, "Øster", ""),
    "li": ("Li", None, "Wei", ""),
    "alina": ("Alina", None, "Kamau", ""),
}


@pytest.fixture
def kenyan(api):
    response = api.put(f"{BASE}/clientpolicy", {"mobileNoCountry": "KE"}, "json")
    assert response.status_code == 200, response.json()


@pytest.fixture
def people(kenyan, make_client):
    made = {}
    for key, (first, middle, last, mobile) in PEOPLE.items():
        made[key] = make_client(
            firstname=first, middlename=middle, lastname=last, mobile_no=mobile,
            external_id=f"EXT-{key.upper()}",
        )  # fmt: skip
    national = CodeValue.objects.filter(code__name="Customer Identifier", is_active=True).first()
    identifiers.identifier_create(
        actor=None,
        client=made["ajayi"],
        data=identifiers.IdentifierInput(document_type_id=national.pk, document_key="AB-123 456"),
    )
    return made


def found(text, **options) -> list[str]:
    """Who `text` finds, best first (then newest), by the keys of PEOPLE."""
    names = {c.pk: key for key, c in _people_by_pk().items()}
    rows = matching.matches(Client.objects.all(), text, **options)
    ordered = rows.order_by(f"-{matching.SCORE}", "-id").values_list("pk", flat=True)
    return [names[pk] for pk in ordered]


def _people_by_pk():
    return {key: Client.objects.get(external_id=f"EXT-{key.upper()}") for key in PEOPLE}


def test_accents_and_case_are_ignored_both_ways(people):
    assert found("nunez") == ["nunez"]
    assert found("NÚÑEZ avila") == ["nunez"]
    assert found("Aissatou") == ["aissatou"]
    assert found("lukasz oster") == ["lukasz"]  # letters without a decomposition
    assert found("Åjayi") == ["ajayi"]


def test_word_order_does_not_matter(people):
    assert found("Mohamed Neema") == ["neema"]
    assert found("avila maria") == ["nunez"]


def test_any_part_of_a_name_of_three_letters_or_more(people):
    assert found("ssato") == ["aissatou"]
    assert found("jay") == ["ajayi"]


def test_short_words_match_the_start_of_a_word(people):
    # "li" starts "Li" and "Alina" holds it inside: only the word's start counts.
    assert found("li") == ["li"]
    assert found("li wei") == ["li"]
    assert found("w li") == ["li"]


def test_a_typo_finds_the_names_one_edit_away(people):
    assert found("Aajyi") == ["ajayi"]  # two letters swapped
    assert found("Ajaiy Bola") == ["ajayi"]
    assert found("Mohamad") == ["mohamed", "neema"]  # one letter changed
    assert found("Diallio") == ["aissatou"]  # one letter too many
    assert found("Zzzyx") == []


def test_exact_then_whole_words_then_prefix_then_starts_then_inside_then_close(people, make_client):
    exact = make_client(firstname="Ali", lastname="Mohamed")
    prefix = make_client(firstname="Ali", lastname="Mohamedi")
    starts = make_client(firstname="Alibaba", lastname="Mohamedi")
    inside = make_client(firstname="Kalia", lastname="Mohamedi")
    rows = matching.matches(Client.objects.all(), "ali mohamed")
    ranked = list(rows.order_by(f"-{matching.SCORE}", "-id").values_list("pk", matching.SCORE))
    assert ranked == [
        (exact.pk, 5),  # the whole name
        (people["mohamed"].pk, 4),  # both words whole, in the other order
        (prefix.pk, 3),  # the name begins with the text
        (starts.pk, 2),  # each word begins a word
        (inside.pk, 1),  # each word inside the name
    ]
    # A known word is taken as typed; an unknown one also finds the words one edit away,
    # after every other kind of match.
    close = make_client(firstname="Ali", lastname="Mohamad")
    rows = matching.matches(Client.objects.all(), "ali mohamud")
    assert set(rows.values_list("pk", matching.SCORE)) == {
        (people["mohamed"].pk, 0), (exact.pk, 0), (close.pk, 0),
    }  # fmt: skip


def test_numbers_exact_or_by_their_start(people):
    ajayi = people["ajayi"]
    assert found(ajayi.account_no) == ["ajayi"]
    assert "ajayi" in found(ajayi.account_no[:-1])
    assert found("ext-ajayi") == ["ajayi"]  # external id, in any case
    assert found("ab123456") == ["ajayi"]  # identity document, normalised
    assert found("AB-123") == ["ajayi"]  # and by its start
    assert found("ab123456", documents=False) == []


def test_a_text_finds_names_and_numbers_together(people, make_client):
    extra = make_client(firstname="Extra", lastname="Wanjiru", external_id="W-1")
    amina = make_client(firstname="Amina", lastname="Otieno", external_id="EXTRA-9")

    def pks(rows, text):
        return set(matching.matches(rows, text).values_list("pk", flat=True))

    # "Extra" holds it in the name; every other external id here begins with it.
    assert pks(Client.objects.all(), "ext") == {
        extra.pk, amina.pk, *(client.pk for client in people.values())
    }  # fmt: skip
    # Within one office, as a branch user's search reads it: the name and the number.
    assert pks(Client.objects.filter(office=extra.office), "extra") == {extra.pk, amina.pk}
    assert amina.office == extra.office


def test_mobile_numbers_in_local_and_international_forms(people):
    for text in ("0712 345 678", "+254712345678", "254712345678", "0712345", "+2547123"):
        assert found(text) == ["nunez"], text
    assert found("+255 754 000 111") == ["aissatou"]  # another country, written in full


def test_exact_mode_takes_the_whole_name_or_number(people):
    assert found("Neema Mohamed", exact=True) == ["neema"]
    assert found("Neema", exact=True) == []
    assert found(people["neema"].account_no[:-1], exact=True) == []
    assert found(people["neema"].account_no, exact=True) == ["neema"]


def test_hostile_text_is_only_text(people):
    for text in ('"', "' OR 1=1 --", '") OR ("a', "%", "_", "NEAR(a b)", "*", "\\", "a\x00b"):
        assert found(text) == [], text
    assert found('neema" "mohamed') == ["neema"]  # quotes are punctuation between words


def test_reindex_rebuilds_names_vocabulary_and_index(people):
    Client.objects.filter(pk=people["ajayi"].pk).update(search_name="")
    SearchTerm.objects.all().delete()
    assert found("Aajyi") == []
    report = reindex()
    assert report["names_changed"] == 1
    assert found("Aajyi") == ["ajayi"]
    assert found("Bola") == ["ajayi"]


def test_a_renamed_client_is_found_by_its_new_name_only(people, api):
    client = people["neema"]
    response = api.put(f"{BASE}/clients/{client.pk}", {"firstname": "Rehema"}, "json")
    assert response.status_code == 200, response.json()
    assert found("rehema") == ["neema"]
    assert found("neema") == []
    assert found("Rehma") == ["neema"]  # the new word joined the vocabulary


def test_the_reindex_command_reports_what_it_rebuilt(people, capsys):
    from django.core.management import call_command

    Client.objects.filter(pk=people["li"].pk).update(search_name=" stale ")
    call_command("reindex")
    report = json.loads(capsys.readouterr().out)
    assert report["names_changed"] == 1 and report["words"] >= len(PEOPLE)
    assert found("Li Wei") == ["li"]


def test_a_number_asks_the_vocabulary_nothing(people, django_assert_max_num_queries):
    ajayi = people["ajayi"]
    with django_assert_max_num_queries(0):
        assert vocabulary.corrections(["000123456", "ab12cd"]) == {}
    assert found(ajayi.account_no) == ["ajayi"]


def test_a_number_is_looked_up_in_one_statement(people):
    """The client's numbers and the identity documents' numbers are read by one statement:
    a search runs it on every request, one round trip to the database."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    matching.matches(Client.objects.all(), "AB-123")  # the policy read and cached
    with CaptureQueriesContext(connection) as captured:
        rows = matching.matches(Client.objects.all(), "AB-123")
    numbered = [q["sql"] for q in captured.captured_queries if "clients_c" in q["sql"]]
    (statement,) = numbered  # (the other is the reference cache's stamp)
    assert "clients_clientidentifier" in statement and "account_no" in statement
    assert [client.pk for client in rows] == [people["ajayi"].pk]


def test_a_name_and_a_thousand_numbered_clients_are_one_list_of_ids(people):
    """As many ids as a number's start may find (MAX_HOLDERS), beside the name's matches:
    SQLite takes them as one list (a compound SELECT of more than 500 terms is refused)."""
    from django.db.models import Q

    from mteja.clients.search import engines

    ajayi = people["ajayi"]
    ids = [ajayi.pk, *range(10**9, 10**9 + matching.MAX_HOLDERS)]
    found = engines.found_or_ids(Client, Q(search_name__contains="neema"), ids)
    assert set(Client.objects.filter(found).values_list("pk", flat=True)) == {
        people["neema"].pk, ajayi.pk
    }  # fmt: skip
