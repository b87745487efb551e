"""Office, staff and code-list pages: writes through the services, errors by the fields."""

import datetime

import pytest

from mteja.core import clock
from mteja.core.models import AuditEvent
from mteja.organisation.models import Code, CodeValue, Office, Staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(browse_as, make_user):
    return browse_as(make_user(username="admin"))


def form_errors(response, field):
    return response.context["form"].errors.get(field, [])


class TestOffices:
    def test_the_tree_lists_offices_below_their_parents(self, admin, make_office):
        region = make_office(name="Coast Region")
        make_office(name="Mombasa", parent=region)
        page = admin.get("/offices/").content.decode()
        assert page.index("Head Office") < page.index("Coast Region") < page.index("Mombasa")
        assert "depth-2" in page

    def test_create(self, admin, make_office):
        region = make_office(name="Coast Region")
        response = admin.post(
            "/offices/new/",
            {"name": "Malindi", "parent": region.pk, "opening_date": "2021-04-01"},
            follow=True,
        )
        assert response.redirect_chain[-1][0] == "/offices/"
        assert "Office “Malindi” created." in response.content.decode()
        office = Office.objects.get(name="Malindi")
        assert office.parent == region
        event = AuditEvent.objects.get(entity_name="OFFICE", resource_id=office.pk)
        assert event.action_name == "CREATE"
        assert event.maker_username == "admin"

    def test_a_service_error_is_shown_by_its_field_with_the_input_kept(self, admin):
        with clock.frozen_today(datetime.date(2024, 1, 1)):
            response = admin.post(
                "/offices/new/",
                {"name": "Too Early", "parent": 1, "opening_date": "2024-06-01"},
            )
        assert response.status_code == 200
        assert form_errors(response, "opening_date") == ["An office cannot open in the future."]
        page = response.content.decode()
        assert 'id="id_opening_date_error"' in page
        assert 'aria-invalid="true"' in page
        assert 'value="Too Early"' in page
        assert not Office.objects.filter(name="Too Early").exists()

    def test_a_duplicate_name_is_shown_by_the_name(self, admin, make_office):
        make_office(name="Kisumu")
        response = admin.post(
            "/offices/new/", {"name": "Kisumu", "parent": 1, "opening_date": "2020-01-01"}
        )
        assert form_errors(response, "name") == ["An office named “Kisumu” already exists."]

    def test_form_errors_of_the_form_itself(self, admin):
        response = admin.post("/offices/new/", {"name": "", "parent": "x", "opening_date": "no"})
        assert response.status_code == 200
        assert set(response.context["form"].errors) == {"name", "parent", "opening_date"}

    def test_edit_and_move(self, admin, make_office):
        north, south = make_office(name="North"), make_office(name="South")
        branch = make_office(name="Branch", parent=north)
        response = admin.post(
            f"/offices/{branch.pk}/edit/",
            {"name": "Branch One", "parent": south.pk, "opening_date": "2016-01-01"},
        )
        assert response.status_code == 302
        branch.refresh_from_db()
        assert (branch.name, branch.parent) == ("Branch One", south)
        assert branch.hierarchy == f"{south.hierarchy}{branch.pk}."

    def test_an_office_cannot_move_below_itself(self, admin, make_office):
        north = make_office(name="North")
        below = make_office(name="Below", parent=north)
        response = admin.post(
            f"/offices/{north.pk}/edit/",
            {"name": "North", "parent": below.pk, "opening_date": "2015-01-01"},
        )
        assert form_errors(response, "parent") == [
            "An office cannot be placed under itself or one of its own sub-offices."
        ]

    def test_the_head_office_has_no_parent_field(self, admin):
        response = admin.get("/offices/1/edit/")
        assert "parent" not in response.context["form"].fields
        response = admin.post(
            "/offices/1/edit/", {"name": "Head Office HQ", "opening_date": "2009-01-01"}
        )
        assert response.status_code == 302
        assert Office.objects.get(pk=1).name == "Head Office HQ"


class TestStaff:
    def test_list_filters(self, admin, make_office, make_staff):
        branch = make_office(name="Kisumu")
        make_staff(office=branch, firstname="Lena", lastname="Loanofficer", is_loan_officer=True)
        make_staff(office=branch, firstname="Clara", lastname="Clerk")
        make_staff(firstname="Gone", lastname="Away", is_active=False)

        page = admin.get("/staff/").content.decode()
        assert "Loanofficer, Lena" in page and "Clerk, Clara" in page
        assert "Away, Gone" not in page

        page = admin.get("/staff/?loan_officers_only=on").content.decode()
        assert "Loanofficer, Lena" in page and "Clerk, Clara" not in page

        page = admin.get("/staff/?status=inactive").content.decode()
        assert "Away, Gone" in page and "Clerk, Clara" not in page

        page = admin.get(f"/staff/?office={branch.pk}&q=cla").content.decode()
        assert "Clerk, Clara" in page and "Loanofficer, Lena" not in page

    def test_bad_filter_values_are_ignored_not_a_500(self, admin, make_staff):
        make_staff(firstname="Ok", lastname="Fine")
        for query in ("office=abc&status=zzz", "page=banana&sort=nonsense", "page=99"):
            response = admin.get(f"/staff/?{query}")
            assert response.status_code == 200, query
            assert "Fine, Ok" in response.content.decode(), query

    def test_the_list_runs_a_fixed_number_of_queries(
        self, admin, make_staff, django_assert_max_num_queries
    ):
        for number in range(30):
            make_staff(firstname=f"N{number}")
        with django_assert_max_num_queries(12):
            assert admin.get("/staff/").status_code == 200

    def test_create_then_edit(self, admin, make_office):
        branch = make_office(name="Kisumu", opening_date=datetime.date(2015, 1, 1))
        response = admin.post(
            "/staff/new/",
            {
                "office": branch.pk,
                "firstname": "Wanjiru",
                "lastname": "Otieno",
                "is_loan_officer": "on",
                "is_active": "on",
                "joining_date": "2020-02-03",
                "mobile_no": "+254700000001",
            },
        )
        staff = Staff.objects.get(lastname="Otieno")
        assert response["Location"] == f"/staff/{staff.pk}/"
        assert staff.is_loan_officer and staff.is_active

        detail = admin.get(f"/staff/{staff.pk}/").content.decode()
        assert "Otieno, Wanjiru" in detail
        assert "History" in detail and "Created" in detail

        response = admin.post(
            f"/staff/{staff.pk}/edit/",
            {"office": branch.pk, "firstname": "Wanjiru", "lastname": "Otieno-Kamau"},
        )
        assert response.status_code == 302
        staff.refresh_from_db()
        assert staff.display_name == "Otieno-Kamau, Wanjiru"
        assert not staff.is_active  # an unticked box is a "no"
        event = AuditEvent.objects.filter(entity_name="STAFF", action_name="UPDATE").get()
        assert event.changes["lastname"] == ["Otieno", "Otieno-Kamau"]

    def test_joining_before_the_office_opened_is_shown_by_the_date(self, admin, make_office):
        branch = make_office(name="Young", opening_date=datetime.date(2020, 1, 1))
        response = admin.post(
            "/staff/new/",
            {
                "office": branch.pk,
                "firstname": "Early",
                "lastname": "Bird",
                "joining_date": "2019-12-31",
            },
        )
        assert response.status_code == 200
        [message] = form_errors(response, "joining_date")
        assert "before their office “Young” opened" in message
        assert 'value="Bird"' in response.content.decode()

    def test_a_duplicate_external_id_is_shown_by_its_field(self, admin, make_staff):
        make_staff(external_id="EMP-1")
        response = admin.post(
            "/staff/new/",
            {"office": 1, "firstname": "Copy", "lastname": "Cat", "external_id": "EMP-1"},
        )
        assert form_errors(response, "external_id") == [
            "A staff member with external id “EMP-1” already exists."
        ]


class TestCodeLists:
    def test_list_and_values(self, admin):
        gender = Code.objects.get(name="Gender")
        page = admin.get("/codes/").content.decode()
        assert "Gender" in page and "Customer Identifier" in page
        page = admin.get(f"/codes/{gender.pk}/").content.decode()
        assert "Female" in page and "Male" in page

    def test_add_edit_deactivate_activate_delete_a_value(self, admin):
        gender = Code.objects.get(name="Gender")
        base = f"/codes/{gender.pk}/values"
        response = admin.post(
            f"{base}/new/", {"name": "Non-binary", "description": "", "position": 4}
        )
        assert response["Location"] == f"/codes/{gender.pk}/"
        value = CodeValue.objects.get(code=gender, name="Non-binary")
        assert not value.is_active  # the box was not ticked

        admin.post(
            f"{base}/{value.pk}/edit/",
            {"name": "Non-binary", "description": "Self-described", "position": 4},
        )
        admin.post(f"{base}/{value.pk}/activate/")
        value.refresh_from_db()
        assert value.is_active and value.description == "Self-described"

        response = admin.post(f"{base}/{value.pk}/deactivate/", follow=True)
        assert "Value “Non-binary” deactivated." in response.content.decode()
        value.refresh_from_db()
        assert not value.is_active

        assert admin.get(f"{base}/{value.pk}/deactivate/").status_code == 405
        assert "Delete the value" in admin.get(f"{base}/{value.pk}/delete/").content.decode()
        admin.post(f"{base}/{value.pk}/delete/")
        assert not CodeValue.objects.filter(pk=value.pk).exists()
        actions = list(
            AuditEvent.objects.filter(entity_name="CODEVALUE", resource_id=value.pk)
            .order_by("id")
            .values_list("action_name", flat=True)
        )
        assert actions == ["CREATE", "UPDATE", "UPDATE", "UPDATE", "DELETE"]

    def test_a_duplicate_value_is_shown_by_the_name(self, admin):
        gender = Code.objects.get(name="Gender")
        response = admin.post(f"/codes/{gender.pk}/values/new/", {"name": "Female", "position": 9})
        assert form_errors(response, "name") == [
            "The code “Gender” already has a value named “Female”."
        ]

    def test_a_value_of_another_code_is_not_found(self, admin):
        gender = Code.objects.get(name="Gender")
        other = CodeValue.objects.exclude(code=gender).first()
        assert admin.get(f"/codes/{gender.pk}/values/{other.pk}/edit/").status_code == 404

    def test_custom_codes_can_be_created_renamed_and_deleted(self, admin):
        response = admin.post("/codes/new/", {"name": "Loan purpose"})
        code = Code.objects.get(name="Loan purpose")
        assert response["Location"] == f"/codes/{code.pk}/"
        admin.post(f"/codes/{code.pk}/edit/", {"name": "Loan purposes"})
        code.refresh_from_db()
        assert code.name == "Loan purposes"
        response = admin.post(f"/codes/{code.pk}/delete/")
        assert response["Location"] == "/codes/"
        assert not Code.objects.filter(pk=code.pk).exists()

    def test_a_system_code_cannot_be_deleted_and_says_why(self, admin):
        gender = Code.objects.get(name="Gender")
        response = admin.post(f"/codes/{gender.pk}/delete/", follow=True)
        assert response.redirect_chain[-1][0] == f"/codes/{gender.pk}/"
        assert "system defined" in response.content.decode()
        assert Code.objects.filter(pk=gender.pk).exists()
        response = admin.post(f"/codes/{gender.pk}/edit/", {"name": "Sex"})
        assert "system defined" in " ".join(response.context["form"].non_field_errors())
