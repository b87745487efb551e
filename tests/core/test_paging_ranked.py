"""A search's listing (core.paging `Listing(newest=…, ranked_by=…)`): the newest rows of each
part, counted and paged from one read of their ids and ranks."""

import pytest
from django.db.models import F

from mteja.clients.models import Client
from mteja.core.paging import Listing, Order

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows(make_client, make_office):
    one, two = make_office("One"), make_office("Two")
    made = [make_client(office=one if n % 2 else two, firstname=f"Row{n}") for n in range(7)]
    return made, one, two


def listing(newest):
    ranked = Client.objects.annotate(rank=F("id") % 3)
    parts = [ranked.filter(office__name="One"), ranked.filter(office__name="Two")]
    return Listing(ranked, parts, newest=newest, ranked_by="rank")


def test_the_newest_of_each_part_are_kept_counted_and_ranked(rows, django_assert_num_queries):
    made, _one, _two = rows
    kept = listing(newest=2)
    with django_assert_num_queries(2):  # the ids and ranks once, then the page's rows
        assert kept.count(100) == 4
        page = kept.page(Order("rank", descending=True), 0, 3)
    newest = sorted(c.pk for c in made)[-4:]
    expected = sorted(newest, key=lambda pk: (pk % 3, pk), reverse=True)
    assert [c.pk for c in page] == expected[:3]
    assert kept.count(2) == 3  # counted no further than the bound + 1


def test_seek_and_offset_pages_follow_the_same_order(rows):
    kept = listing(newest=10)
    order = Order("rank", descending=True)
    everything = [c.pk for c in kept.page(order, 0, 10)]
    assert [c.pk for c in kept.page(order, 2, 3)] == everything[2:5]
    last = kept.page(order, 0, 2)[-1]
    after = (last.pk % 3, last.pk)
    assert [c.pk for c in kept.page(order, 0, 10, after)] == everything[2:]
    assert [c.pk for c in kept.page(Order("id"), 0, 3)] == sorted(everything)[:3]
