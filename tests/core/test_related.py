"""core/related.py: related rows by one IN query per target model, cached where
select_related would put them, so reading them later runs no query."""

import pytest

from mteja.clients.api.serializers import ClientListItemOutput, ClientOutput
from mteja.clients.models import Client, ClientNonPerson
from mteja.core.related import attach_related, with_related
from mteja.organisation.models import CodeValue

CODE_FIELDS = ("gender", "client_type", "client_classification", "marital_status",
               "profession", "education_level")  # fmt: skip


def value(code_name: str, index: int = 0) -> int:
    values = CodeValue.objects.filter(code__name=code_name).order_by("position", "id")
    return values.values_list("pk", flat=True)[index]


@pytest.fixture
def clients(make_client, make_staff, make_office, admin_user):
    """Three clients: one with every code value, an officer and a pending transfer; one with
    none of them (every reference null); an entity with its details."""
    officer = make_staff(is_loan_officer=True)
    branch = make_office()
    full = make_client(
        actor=admin_user,
        staff_id=officer.pk,
        **{f"{name}_id": value(Client._meta.get_field(name).code_name) for name in CODE_FIELDS},
    )
    Client.objects.filter(pk=full.pk).update(transfer_to_office=branch)
    bare = make_client()
    entity = make_client(
        actor=admin_user,
        legal_form=2,
        firstname=None,
        lastname=None,
        fullname="Tumaini Traders",
        non_person={
            "constitution_id": value("Constitution", 1),
            "main_business_line_id": value("Main Business Line"),
        },
    )
    return full, bare, entity


def test_one_query_per_target_model_then_none_to_read(clients, django_assert_num_queries):
    rows = list(Client.objects.filter(pk__in=[c.pk for c in clients]).order_by("id"))
    # Offices (office and transfer_to_office together), staff, users, code values.
    with django_assert_num_queries(4):
        attach_related(
            rows, "office", "transfer_to_office", "staff", *CODE_FIELDS, "created_by",
            "submitted_by", "last_modified_by",
        )  # fmt: skip
    full, bare, entity = rows
    with django_assert_num_queries(0):
        assert full.office.pk == full.office_id and full.transfer_to_office.name
        assert full.staff.display_name
        assert [getattr(full, name).pk for name in CODE_FIELDS] == [
            getattr(full, f"{name}_id") for name in CODE_FIELDS
        ]
        assert full.created_by.username == "root"
        # Null references are cached as None, as a join leaves them.
        assert bare.staff is None and bare.gender is None and bare.transfer_to_office is None
        assert bare.created_by is None
        assert entity.office is full.office  # one row per target, shared


def test_code_values_of_a_part_come_in_the_same_query(clients, django_assert_num_queries):
    _, _, entity = clients
    with django_assert_num_queries(3):  # clients, their details, every code value
        full, bare, entity = with_related(
            Client.objects.filter(pk__in=[c.pk for c in clients]).order_by("id"),
            "gender", "non_person__constitution", "non_person__main_business_line",
        )  # fmt: skip
    with django_assert_num_queries(0):
        assert entity.non_person.constitution.name and entity.non_person.main_business_line.name
    assert getattr(bare, "non_person", None) is None


def test_a_joined_part_is_not_read_again_but_its_references_are(clients, django_assert_num_queries):
    _, _, entity = clients
    rows = Client.objects.select_related("non_person").filter(pk=entity.pk)
    with django_assert_num_queries(2):  # the client with its details, the code values
        (entity,) = with_related(rows, "gender", "non_person__constitution")
    with django_assert_num_queries(0):
        assert entity.non_person.constitution.name
        assert entity.non_person.client is entity


def test_paths_ride_on_the_queryset_through_filters_slices_and_values(
    clients, django_assert_num_queries
):
    rows = with_related(Client.objects.all(), "office", "staff")
    narrowed = rows.filter(pk__in=[c.pk for c in clients]).order_by("id")[:2]
    with django_assert_num_queries(3):
        found = list(narrowed)
    with django_assert_num_queries(0):
        assert [c.office.name for c in found]
    assert sorted(rows.values_list("pk", flat=True)) == sorted(c.pk for c in clients)
    with django_assert_num_queries(3):
        first = rows.order_by("id").first()
    with django_assert_num_queries(0):
        assert first.staff.display_name
    with django_assert_num_queries(3):  # per chunk of an iterator
        assert len([c.office for c in rows.iterator(chunk_size=10)]) == 3


def test_nothing_to_read_costs_no_query(make_client, django_assert_num_queries):
    bare = make_client()
    with django_assert_num_queries(0):
        attach_related([], "office")
        attach_related([bare], "staff", "gender")  # both null
        assert bare.staff is None


def test_a_wrong_path_fails_where_it_is_declared():
    with pytest.raises(ValueError, match="single-valued"):
        with_related(Client.objects.all(), "transfers")
    with pytest.raises(Exception, match="no field named"):
        with_related(Client.objects.all(), "office__nonsense")
    with pytest.raises(TypeError):
        with_related(Client.objects.values("pk"), "office")


def test_serializing_needs_no_further_query(clients, django_assert_num_queries):
    from mteja.clients import selectors

    ids = [c.pk for c in clients]
    with django_assert_num_queries(5):  # clients, offices, staff, users, code values
        rows = list(selectors.client_detail_rows().filter(pk__in=ids).order_by("id"))
    with django_assert_num_queries(0):
        assert ClientListItemOutput(rows, many=True).data[0]["staffName"]
    # Only the family members, counted per client, the groups the client is in and those it
    # has left (one query each).
    with django_assert_num_queries(3 * len(rows)):
        data = ClientOutput(rows, many=True).data
    assert data[2]["clientNonPersonDetails"]["constitution"]["id"] == value("Constitution", 1)
    assert data[0]["timeline"]["submittedByUsername"] == "root"
    assert ClientNonPerson.objects.count() == 1
