"""The client pages through Django's test client: list, forms, the client page and its actions,
scoping and permission gates."""

import datetime

import pytest
from django.urls import reverse

from mteja.clients import services
from mteja.clients.models import Client, ClientNonPerson, ClientStatus, LegalForm
from mteja.core import clock
from mteja.core.models import AuditEvent
from mteja.organisation.models import CodeValue

pytestmark = pytest.mark.django_db


def code_value(code_name: str, name: str | None = None) -> CodeValue:
    values = CodeValue.objects.filter(code__name=code_name, is_active=True).order_by("position")
    return values.get(name=name) if name else values.first()


@pytest.fixture
def branch(make_office):
    return make_office(name="Kisumu")


@pytest.fixture
def other_branch(make_office):
    return make_office(name="Mombasa")


@pytest.fixture
def admin(make_user):
    return make_user(("ALL_FUNCTIONS",), username="root")


@pytest.fixture
def web(client, admin):
    client.force_login(admin)
    return client


def html(response) -> str:
    return response.content.decode()


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


# --- list ----------------------------------------------------------------------------------


def test_menu_offers_clients(web):
    assert 'href="/clients/"' in html(web.get("/"))


def test_list_shows_only_clients_of_the_users_offices(
    client, make_user, make_client, branch, other_branch
):
    mine = make_client(branch, firstname="Achieng", lastname="Mine")
    theirs = make_client(other_branch, firstname="Baraka", lastname="Theirs")
    client.force_login(make_user(("READ_CLIENT",), office=branch))

    page = html(client.get("/clients/"))

    assert mine.display_name in page
    assert theirs.display_name not in page
    assert 'href="/clients/new/"' not in page  # no CREATE_CLIENT: no "New client" button


def test_list_has_a_new_client_button(web):
    assert 'href="/clients/new/"' in html(web.get("/clients/"))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"q": "achi"}, {"Achieng"}),
        ({"q": "0711 000 111"}, {"Achieng"}),
        ({"q": "EXT-BAR"}, {"Baraka"}),
        ({"status": "300"}, {"Baraka"}),
        ({"status": "100"}, {"Achieng", "Chebet"}),
    ],
)
def test_list_filters(web, make_client, query, expected):
    make_client(firstname="Achieng", mobile_no="0711 000 111")
    make_client(firstname="Baraka", external_id="EXT-BARAKA", active=True)
    make_client(firstname="Chebet")

    page = html(web.get("/clients/", query))

    shown = {name for name in ("Achieng", "Baraka", "Chebet") if name in page}
    assert shown == expected


def test_list_filters_by_account_number_office_and_officer(
    web, make_client, make_staff, branch, other_branch
):
    officer = make_staff(office=branch, firstname="Daudi", is_loan_officer=True)
    in_branch = make_client(branch, firstname="Achieng", staff_id=officer.pk)
    elsewhere = make_client(other_branch, firstname="Baraka")

    assert "Achieng" in html(web.get("/clients/", {"q": in_branch.account_no}))
    assert "Baraka" not in html(web.get("/clients/", {"q": in_branch.account_no}))
    by_office = html(web.get("/clients/", {"office": branch.pk}))
    assert "Achieng" in by_office and "Baraka" not in by_office
    by_officer = html(web.get("/clients/", {"staff": officer.pk}))
    assert "Achieng" in by_officer and elsewhere.display_name not in by_officer


def test_list_ignores_a_bad_filter_value_and_keeps_the_others(web, make_client):
    make_client(firstname="Achieng")
    response = web.get("/clients/", {"status": "999", "office": "abc", "q": "achi"})
    assert response.status_code == 200
    assert "Achieng" in html(response)


def test_list_pages_and_sorts(web, make_client):
    for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
        make_client(firstname=f"{letter}name", lastname="Client")

    first = html(web.get("/clients/", {"sort": "display_name"}))
    second = html(web.get("/clients/", {"sort": "display_name", "page": 2}))
    backwards = html(web.get("/clients/", {"sort": "-display_name"}))

    assert "Aname Client" in first and "Zname Client" not in first
    assert "Zname Client" in second
    assert 'rel="next"' in first
    assert backwards.index("Zname Client") < backwards.index("Yname Client")


def test_list_runs_a_fixed_number_of_queries(
    web, make_client, make_staff, django_assert_max_num_queries
):
    officer = make_staff(is_loan_officer=True)
    for _ in range(20):
        make_client(staff_id=officer.pk, gender_id=code_value("Gender").pk)
    with django_assert_max_num_queries(12):
        web.get("/clients/")


# --- create --------------------------------------------------------------------------------


def person_form(office, **overrides):
    data = {
        "legal_form": "1",
        "office": office.pk,
        "firstname": "Amani",
        "middlename": "",
        "lastname": "Njoroge",
        "fullname": "",
        "external_id": "",
        "mobile_no": "+254 700 123456",
        "email_address": "amani@example.org",
        "date_of_birth": "1990-05-17",
        "gender": code_value("Gender", "Female").pk,
        "client_type": code_value("ClientType").pk,
        "client_classification": "",
        "marital_status": code_value("MARITAL STATUS", "Married").pk,
        "number_of_dependents": "3",
        "profession": code_value("PROFESSION", "Trader").pk,
        "education_level": "",
        "monthly_income": "25000.50",
        "constitution": "",
        "incorp_no": "",
        "incorp_validity_till": "",
        "main_business_line": "",
        "remarks": "",
        "staff": "",
        "submitted_on": clock.today().isoformat(),
        "activation_date": clock.today().isoformat(),
    }
    data.update(overrides)
    return data


def test_create_form_shows_both_legal_forms_and_defaults(web):
    page = html(web.get("/clients/new/"))
    assert 'name="legal_form" value="1"' in page and 'name="legal_form" value="2"' in page
    assert 'name="fullname"' in page and 'name="constitution"' in page
    assert f'value="{clock.today().isoformat()}"' in page  # submitted on: today


def test_create_person(web, head_office):
    response = web.post("/clients/new/", person_form(head_office))

    client = Client.objects.get(lastname="Njoroge")
    assert response.status_code == 302
    assert response.url == reverse("client_detail", args=[client.pk])
    assert client.status == ClientStatus.PENDING
    assert client.legal_form == LegalForm.PERSON
    assert client.display_name == "Amani Njoroge"
    assert client.gender.name == "Female"
    assert client.marital_status.name == "Married"
    assert client.number_of_dependents == 3
    assert str(client.monthly_income) == "25000.50"
    assert client.date_of_birth == datetime.date(1990, 5, 17)
    assert not ClientNonPerson.objects.filter(client=client).exists()
    page = web.get(response.url)
    assert "Client “Amani Njoroge” created." in messages_of(page)


def test_create_and_activate_at_once(web, head_office, make_staff):
    officer = make_staff(is_loan_officer=True)
    web.post("/clients/new/", person_form(head_office, active="on", staff=officer.pk))

    client = Client.objects.get(lastname="Njoroge")
    assert client.status == ClientStatus.ACTIVE
    assert client.activation_date == clock.today()
    assert client.staff == officer


def test_activate_now_needs_its_date(web, head_office):
    response = web.post("/clients/new/", person_form(head_office, active="on", activation_date=""))
    assert response.status_code == 200
    assert "activation_date" in response.context["form"].errors
    assert not Client.objects.exists()


def test_create_entity(web, head_office):
    data = person_form(
        head_office,
        legal_form="2",
        fullname="Umoja Traders Cooperative",
        constitution=code_value("Constitution", "Cooperative").pk,
        main_business_line=code_value("Main Business Line", "Retail trade").pk,
        incorp_no="CPR/2019/123",
        incorp_validity_till="2030-12-31",
        remarks="Market stall owners",
    )
    response = web.post("/clients/new/", data)

    client = Client.objects.get(display_name="Umoja Traders Cooperative")
    assert response.status_code == 302
    assert client.legal_form == LegalForm.ENTITY
    # The person fields typed before switching to "entity" are not sent.
    assert client.firstname == "" and client.lastname == "" and client.date_of_birth is None
    assert client.marital_status is None
    details = client.non_person
    assert details.constitution.name == "Cooperative"
    assert details.main_business_line.name == "Retail trade"
    assert details.incorp_no == "CPR/2019/123"
    assert details.incorp_validity_till == datetime.date(2030, 12, 31)
    page = html(web.get(response.url))
    assert "Cooperative" in page and "CPR/2019/123" in page


def test_rejected_form_keeps_the_input_and_shows_errors_beside_fields(web, head_office):
    data = person_form(
        head_office,
        lastname="",
        email_address="not-an-email",
        date_of_birth=(clock.today() - datetime.timedelta(days=365 * 10)).isoformat(),
        external_id="KEEP-ME-42",
    )
    response = web.post("/clients/new/", data)

    page = html(response)
    assert response.status_code == 200
    assert not Client.objects.exists()
    form = response.context["form"]
    assert "lastname" in form.errors  # the service's "required" beside the last name
    assert "email_address" in form.errors
    assert "date_of_birth" in form.errors  # too young: the age rule
    assert 'id="id_lastname_error"' in page and 'id="id_date_of_birth_error"' in page
    assert 'value="KEEP-ME-42"' in page and 'value="Amani"' in page
    assert 'value="+254 700 123456"' in page


def test_form_error_of_a_shape_is_beside_its_field(web, head_office):
    response = web.post("/clients/new/", person_form(head_office, number_of_dependents="many"))
    assert response.status_code == 200
    assert "number_of_dependents" in response.context["form"].errors


def test_entity_without_a_name_gets_the_error_beside_the_name(web, head_office):
    response = web.post("/clients/new/", person_form(head_office, legal_form="2", fullname=""))
    assert response.status_code == 200
    assert "fullname" in response.context["form"].errors


def test_duplicate_external_id_is_an_error_beside_it(web, head_office, make_client):
    make_client(external_id="EXT-1")
    response = web.post("/clients/new/", person_form(head_office, external_id="EXT-1"))
    assert response.status_code == 200
    assert "external_id" in response.context["form"].errors


def test_possible_duplicates_are_warned_about_on_the_client_page(web, head_office, make_client):
    twin = make_client(
        firstname="Amani", lastname="Njoroge", date_of_birth=datetime.date(1990, 5, 17)
    )
    household = make_client(mobile_no="+254 700 123456")

    response = web.post("/clients/new/", person_form(head_office), follow=True)

    warnings = [str(m) for m in response.context["messages"] if m.level_tag == "warning"]
    assert len(warnings) == 2
    assert any(household.account_no in text for text in warnings)
    assert any(twin.account_no in text for text in warnings)
    assert f'href="/clients/{twin.pk}/"' in html(response)


def test_possible_duplicates_in_other_offices_are_counted_not_named(
    client, make_user, make_client, branch, other_branch
):
    make_client(other_branch, firstname="Secret", lastname="Person", mobile_no="0700 111 222")
    client.force_login(make_user(("ALL_FUNCTIONS",), office=branch))

    response = client.post(
        "/clients/new/", person_form(branch, mobile_no="0700 111 222"), follow=True
    )

    warnings = [str(m) for m in response.context["messages"] if m.level_tag == "warning"]
    assert warnings == [
        "Possible duplicate: the same mobile number is recorded for 1 client of another office."
    ]
    assert "Secret" not in html(response)


def test_drop_downs_offer_only_active_values_and_offices_and_officers_in_scope(
    client, make_user, make_staff, branch, other_branch, make_office
):
    sub_branch = make_office(name="Kisumu West", parent=branch)
    retired = code_value("Gender", "Other")
    retired.is_active = False
    retired.save()
    mine = make_staff(office=branch, firstname="Mine", is_loan_officer=True)
    below = make_staff(office=sub_branch, firstname="Below", is_loan_officer=True)
    above = make_staff(firstname="Above", is_loan_officer=True)  # head office: allowed
    theirs = make_staff(office=other_branch, firstname="Theirs", is_loan_officer=True)
    clerk = make_staff(office=branch, firstname="Clerk", is_loan_officer=False)
    client.force_login(make_user(("CREATE_CLIENT",), office=branch))

    form = client.get("/clients/new/").context["form"]

    assert set(form.fields["office"].queryset) == {branch, sub_branch}
    assert set(form.fields["staff"].queryset) == {mine, below, above}
    assert (
        theirs not in form.fields["staff"].queryset and clerk not in form.fields["staff"].queryset
    )
    assert retired not in form.fields["gender"].queryset
    assert {v.code.name for v in form.fields["profession"].queryset} == {"PROFESSION"}
    assert "active" not in form.fields  # no ACTIVATE_CLIENT: no "Activate now"


def test_creating_in_an_office_outside_scope_is_refused(client, make_user, branch, other_branch):
    client.force_login(make_user(("CREATE_CLIENT",), office=branch))
    response = client.post("/clients/new/", person_form(other_branch))
    assert response.status_code == 200
    assert "office" in response.context["form"].errors
    assert not Client.objects.exists()


def test_officer_options_follow_the_chosen_office(web, make_staff, branch, other_branch):
    mine = make_staff(office=branch, firstname="Mine", is_loan_officer=True)
    theirs = make_staff(office=other_branch, firstname="Theirs", is_loan_officer=True)
    page = html(web.get("/clients/loan-officers/", {"office": branch.pk}))
    assert mine.display_name in page and theirs.display_name not in page


@pytest.mark.parametrize("office", ["²", "١"])
def test_officer_options_take_an_office_id_of_ascii_digits_alone(web, make_staff, branch, office):
    """`str.isdigit()` takes a superscript (which int() refuses: a 500) and other scripts'
    digits (١, read as 1): such an office is none, and every officer in scope is offered."""
    mine = make_staff(office=branch, firstname="Mine", is_loan_officer=True)
    response = web.get("/clients/loan-officers/", {"office": office})
    assert response.status_code == 200 and mine.display_name in html(response)


# --- edit ----------------------------------------------------------------------------------


def edit_form(web, client):
    """The edit form's data as the page gives it (what a browser would send back)."""
    form = web.get(f"/clients/{client.pk}/edit/").context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        data[name] = "" if value is None else value
    return {name: value for name, value in data.items() if value is not False}


def test_edit_changes_only_what_was_changed(web, make_client):
    client = make_client(mobile_no="0711000111", gender_id=code_value("Gender", "Male").pk)
    data = edit_form(web, client)
    assert "office" not in data and "staff" not in data and "active" not in data
    data["mobile_no"] = "0722000222"

    response = web.post(f"/clients/{client.pk}/edit/", data)

    assert response.status_code == 302
    client.refresh_from_db()
    assert client.mobile_no == "0722000222"
    assert client.gender.name == "Male"
    event = AuditEvent.objects.filter(client_id=client.pk, action_name="UPDATE").get()
    assert set(event.changes) == {"mobile_no"}


def test_edit_keeps_a_value_deactivated_since_it_was_chosen(web, make_client):
    farmer = code_value("PROFESSION", "Farmer")
    client = make_client(profession_id=farmer.pk)
    farmer.is_active = False
    farmer.save()
    data = edit_form(web, client)
    assert data["profession"] == farmer.pk
    data["lastname"] = "Renamed"

    response = web.post(f"/clients/{client.pk}/edit/", data)

    assert response.status_code == 302
    client.refresh_from_db()
    assert client.profession == farmer and client.lastname == "Renamed"


def test_edit_person_into_entity(web, make_client):
    client = make_client()
    data = edit_form(web, client)
    data.update(
        legal_form="2", fullname="Jua Kali Works", constitution=code_value("Constitution").pk
    )

    response = web.post(f"/clients/{client.pk}/edit/", data)

    assert response.status_code == 302
    client.refresh_from_db()
    assert client.legal_form == LegalForm.ENTITY
    assert client.display_name == "Jua Kali Works"
    assert client.non_person.constitution == code_value("Constitution")


def test_stale_edit_answers_changed_by_someone_else_and_keeps_the_input(web, make_client, admin):
    client = make_client(mobile_no="0711000111")
    data = edit_form(web, client)
    services.client_update(
        actor=admin, client=client, fields={"email_address": "someone@example.org"}
    )
    data["mobile_no"] = "0799999999"

    response = web.post(f"/clients/{client.pk}/edit/", data)

    assert response.status_code == 200
    page = html(response)
    assert "Someone else changed this client" in page
    assert "Reload the client" in page
    assert 'value="0799999999"' in page
    client.refresh_from_db()
    assert client.mobile_no == "0711000111"
    assert client.email_address == "someone@example.org"


# --- the client page -----------------------------------------------------------------------


def test_client_page_shows_header_fields_and_timeline(web, make_client, make_staff, admin):
    officer = make_staff(firstname="Daudi", is_loan_officer=True)
    client = make_client(
        active=True,
        staff_id=officer.pk,
        external_id="EXT-77",
        marital_status_id=code_value("MARITAL STATUS", "Widowed").pk,
        monthly_income="12500",
    )
    page = html(web.get(f"/clients/{client.pk}/"))

    for text in (
        client.display_name,
        client.account_no,
        "Active",
        "Head Office",
        officer.display_name,
        "EXT-77",
        "Widowed",
        "12,500.00",
        "Submitted",
        "Activated",
        "Created",
        "Last modified",
    ):
        assert text in page, text


def test_client_page_query_count_is_fixed(web, make_client, django_assert_max_num_queries):
    client = make_client(active=True)
    web.get(f"/clients/{client.pk}/")  # this worker's offices, staff, code values are read
    with django_assert_max_num_queries(10):
        web.get(f"/clients/{client.pk}/")


def test_buttons_follow_the_status(web, make_client):
    pending = html(web.get(f"/clients/{make_client().pk}/"))
    active = html(web.get(f"/clients/{make_client(active=True).pk}/"))

    assert ">Activate<" in pending and ">Reject<" in pending and ">Withdraw<" in pending
    assert ">Delete<" in pending and ">Close<" not in pending
    assert ">Close<" in active and ">Propose transfer<" in active and ">Transfer now<" in active
    assert ">Activate<" not in active and ">Delete<" not in active
    assert ">Unassign loan officer<" not in active  # it has none


def test_another_branchs_client_is_not_found(client, make_user, make_client, branch, other_branch):
    theirs = make_client(other_branch)
    client.force_login(make_user(("ALL_FUNCTIONS",), office=branch))

    for path in ("", "edit/", "history/", "transfers/", "loan-officers/", "close/", "activate/"):
        assert client.get(f"/clients/{theirs.pk}/{path}").status_code == 404, path
    response = client.post(f"/clients/{theirs.pk}/activate/", {"activation_date": "2024-01-01"})
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == ClientStatus.PENDING


def test_unknown_client_is_not_found(web):
    assert web.get("/clients/999999/").status_code == 404


def test_without_activate_client_no_button_and_403(client, make_user, make_client):
    pending = make_client()
    client.force_login(make_user(("READ_CLIENT", "UPDATE_CLIENT", "REJECT_CLIENT")))

    page = html(client.get(f"/clients/{pending.pk}/"))
    assert ">Reject<" in page and ">Edit<" in page
    assert ">Activate<" not in page and "/activate/" not in page
    assert client.get(f"/clients/{pending.pk}/activate/").status_code == 403
    today = clock.today().isoformat()
    response = client.post(f"/clients/{pending.pk}/activate/", {"activation_date": today})
    assert response.status_code == 403
    pending.refresh_from_db()
    assert pending.status == ClientStatus.PENDING


def test_read_only_user_sees_no_action_buttons(client, make_user, make_client):
    active = make_client(active=True)
    client.force_login(make_user(("READ_CLIENT",)))
    page = html(client.get(f"/clients/{active.pk}/"))
    assert 'class="button' not in page.split('class="page-head"')[1].split("</div>\n</div>")[0]
    assert client.get(f"/clients/{active.pk}/edit/").status_code == 403


def test_history_tab_shows_who_when_and_old_to_new(web, make_client, admin):
    client = make_client(gender_id=code_value("Gender", "Male").pk)
    client = services.client_update(
        actor=admin,
        client=client,
        fields={"gender_id": code_value("Gender", "Female").pk, "mobile_no": "0733000333"},
    ).client
    services.client_activate(actor=admin, client=client, activation_date=clock.today())

    page = html(web.get(f"/clients/{client.pk}/history/"))

    assert "Edited" in page and "Activated" in page and "Created" in page
    assert admin.get_full_name() in page
    assert "<del>Male</del> → <ins>Female</ins>" in page
    assert "Mobile number" in page and "0733000333" in page


def test_history_tab_needs_read_audit(client, make_user, make_client):
    target = make_client()
    client.force_login(make_user(("READ_CLIENT",)))
    assert "/history/" not in html(client.get(f"/clients/{target.pk}/"))
    assert client.get(f"/clients/{target.pk}/history/").status_code == 403


def test_transfers_and_officers_tabs(web, make_client, make_staff, branch, admin):
    officer = make_staff(firstname="Daudi", is_loan_officer=True)
    client = make_client(active=True, staff_id=officer.pk)
    services.client_propose_transfer(
        actor=admin, client=client, destination=branch, note="Moved to Kisumu"
    )

    transfers = html(web.get(f"/clients/{client.pk}/transfers/"))
    officers = html(web.get(f"/clients/{client.pk}/loan-officers/"))

    assert "Proposed" in transfers and "Kisumu" in transfers and "Moved to Kisumu" in transfers
    assert officer.display_name in officers and "Current" in officers


# --- lifecycle actions ---------------------------------------------------------------------


@pytest.fixture
def client_in(make_client, admin, branch):
    """A client brought into `status` through the services."""

    def make(status: int):
        client = make_client(active=status != ClientStatus.PENDING)
        today = clock.today()
        if status == ClientStatus.CLOSED:
            services.client_close(
                actor=admin,
                client=client,
                closure_date=today,
                closure_reason_id=code_value("ClientClosureReason").pk,
            )
        elif status == ClientStatus.REJECTED:
            client = make_client()
            services.client_reject(
                actor=admin,
                client=client,
                rejection_date=today,
                rejection_reason_id=code_value("ClientRejectReason").pk,
            )
        elif status == ClientStatus.WITHDRAWN:
            client = make_client()
            services.client_withdraw(
                actor=admin,
                client=client,
                withdrawal_date=today,
                withdrawal_reason_id=code_value("ClientWithdrawReason").pk,
            )
        elif status in (ClientStatus.TRANSFER_IN_PROGRESS, ClientStatus.TRANSFER_ON_HOLD):
            services.client_propose_transfer(actor=admin, client=client, destination=branch)
            if status == ClientStatus.TRANSFER_ON_HOLD:
                services.client_reject_transfer(
                    actor=admin, client=Client.objects.get(pk=client.pk)
                )
        client.refresh_from_db()
        assert client.status == status
        return client

    return make


S = ClientStatus
ACTIONS = [
    # command, starting status, extra form data (what to fill in), resulting status
    ("activate", S.PENDING, {}, S.ACTIVE),
    ("reject", S.PENDING, {"rejection_reason": "ClientRejectReason"}, S.REJECTED),
    ("withdraw", S.PENDING, {"withdrawal_reason": "ClientWithdrawReason"}, S.WITHDRAWN),
    ("close", S.ACTIVE, {"closure_reason": "ClientClosureReason"}, S.CLOSED),
    ("reactivate", S.CLOSED, {}, S.PENDING),
    ("undoRejection", S.REJECTED, {}, S.PENDING),
    ("undoWithdrawal", S.WITHDRAWN, {}, S.PENDING),
    ("assignStaff", S.ACTIVE, {"staff": "officer"}, S.ACTIVE),
    ("proposeTransfer", S.ACTIVE, {"destination_office": "branch"}, S.TRANSFER_IN_PROGRESS),
    ("withdrawTransfer", S.TRANSFER_IN_PROGRESS, {}, S.ACTIVE),
    ("acceptTransfer", S.TRANSFER_IN_PROGRESS, {}, S.ACTIVE),
    ("rejectTransfer", S.TRANSFER_IN_PROGRESS, {}, S.TRANSFER_ON_HOLD),
    ("withdrawTransfer", S.TRANSFER_ON_HOLD, {}, S.ACTIVE),
    ("proposeAndAcceptTransfer", S.ACTIVE, {"destination_office": "branch"}, S.ACTIVE),
]


@pytest.mark.parametrize(("command", "start", "extra", "result"), ACTIONS)
def test_each_action_form(web, client_in, make_staff, branch, command, start, extra, result):
    client = client_in(start)
    officer = make_staff(firstname="Daudi", is_loan_officer=True)
    detail = html(web.get(f"/clients/{client.pk}/"))
    url = f"/clients/{client.pk}/{command.lower()}/"
    assert f'href="{url}"' in detail  # the page offers the action

    response = web.get(url)
    assert response.status_code == 200
    form = response.context["form"]
    data = {"version": client.version, "note": "Per the branch manager"}
    for name in form.fields:
        if name.endswith("_date"):
            assert form[name].value() == clock.today()  # dates default to today
            data[name] = clock.today().isoformat()
    for name, what in extra.items():
        if what == "officer":
            data[name] = officer.pk
        elif what == "branch":
            data[name] = branch.pk
        else:
            data[name] = code_value(what).pk

    response = web.post(url, data)

    assert response.status_code == 302, response.context["form"].errors
    assert response.url == f"/clients/{client.pk}/"
    client.refresh_from_db()
    assert client.status == result
    if command == "assignStaff":
        assert client.staff == officer
    if command in ("acceptTransfer", "proposeAndAcceptTransfer"):
        assert client.office == branch


def test_unassign_staff(web, make_client, make_staff):
    officer = make_staff(firstname="Daudi", is_loan_officer=True)
    client = make_client(active=True, staff_id=officer.pk)
    url = f"/clients/{client.pk}/unassignstaff/"
    assert f'href="{url}"' in html(web.get(f"/clients/{client.pk}/"))
    assert officer.display_name in html(web.get(url))

    response = web.post(url, {"version": client.version, "unassignment_date": clock.today()})

    assert response.status_code == 302
    client.refresh_from_db()
    assert client.staff is None


def test_action_error_appears_beside_its_field_and_keeps_the_input(web, client_in):
    client = client_in(ClientStatus.ACTIVE)
    tomorrow = (clock.today() + datetime.timedelta(days=1)).isoformat()
    reason = code_value("ClientClosureReason", "Deceased")

    response = web.post(
        f"/clients/{client.pk}/close/",
        {"version": client.version, "closure_date": tomorrow, "closure_reason": reason.pk},
    )

    assert response.status_code == 200
    assert "closure_date" in response.context["form"].errors
    page = html(response)
    assert 'id="id_closure_date_error"' in page
    assert f'value="{tomorrow}"' in page
    assert f'<option value="{reason.pk}" selected>' in page
    client.refresh_from_db()
    assert client.status == ClientStatus.ACTIVE


def test_action_requires_its_reason(web, client_in):
    client = client_in(ClientStatus.PENDING)
    response = web.post(
        f"/clients/{client.pk}/reject/",
        {"version": client.version, "rejection_date": clock.today().isoformat()},
    )
    assert response.status_code == 200
    assert "rejection_reason" in response.context["form"].errors


def test_stale_action_answers_changed_by_someone_else(web, client_in, admin):
    client = client_in(ClientStatus.PENDING)
    stale_version = client.version
    services.client_update(actor=admin, client=client, fields={"mobile_no": "0700000000"})

    response = web.post(
        f"/clients/{client.pk}/activate/",
        {"version": stale_version, "activation_date": clock.today().isoformat()},
    )

    assert response.status_code == 200
    assert "Someone else changed this client" in html(response)
    client.refresh_from_db()
    assert client.status == ClientStatus.PENDING


def test_action_not_allowed_in_the_status_goes_back_with_a_message(web, client_in):
    client = client_in(ClientStatus.PENDING)
    response = web.get(f"/clients/{client.pk}/close/", follow=True)
    assert response.redirect_chain[-1][0] == f"/clients/{client.pk}/"
    assert any("not possible" in text for text in messages_of(response))


def test_accepting_a_transfer_is_for_the_destination_office(
    client, make_user, client_in, branch, head_office
):
    moving = client_in(ClientStatus.TRANSFER_IN_PROGRESS)  # head office → Kisumu
    everything = ("ALL_FUNCTIONS",)
    destination_user = make_user(everything, office=branch)
    client.force_login(destination_user)
    page = html(client.get(f"/clients/{moving.pk}/"))
    assert ">Accept transfer<" in page and ">Reject transfer<" in page
    assert ">Withdraw transfer<" not in page  # the source office's step
    assert ">Edit<" not in page  # the client is not the destination's until it accepts
    assert client.get(f"/clients/{moving.pk}/withdrawtransfer/").status_code == 403
    assert client.get(f"/clients/{moving.pk}/edit/").status_code == 403

    response = client.post(f"/clients/{moving.pk}/accepttransfer/", {"version": moving.version})

    assert response.status_code == 302
    moving.refresh_from_db()
    assert moving.office == branch and moving.status == ClientStatus.ACTIVE


def test_delete_pending_client_after_confirmation(web, make_client):
    pending = make_client()
    confirm = web.get(f"/clients/{pending.pk}/delete/")
    assert confirm.status_code == 200 and "Delete client" in html(confirm)
    assert Client.objects.filter(pk=pending.pk).exists()

    response = web.post(f"/clients/{pending.pk}/delete/")

    assert response.status_code == 302 and response.url == "/clients/"
    assert not Client.objects.filter(pk=pending.pk).exists()


def test_active_client_cannot_be_deleted(web, make_client):
    active = make_client(active=True)
    response = web.post(f"/clients/{active.pk}/delete/", follow=True)
    assert Client.objects.filter(pk=active.pk).exists()
    assert any("pending" in text for text in messages_of(response))


def test_pages_are_translated(web, make_client):
    client = make_client(active=True)
    web.post("/i18n/setlang/", {"language": "fr", "next": "/"})
    page = html(web.get(f"/clients/{client.pk}/"))
    assert 'lang="fr"' in page


# --- bad input never gives a 500 ----------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        {"sort": "password"},
        {"sort": "-nonsense"},
        {"page": "abc"},
        {"page": "99999"},
        {"staff": "x", "office": "-1", "status": "pending"},
        {"q": "%' OR 1=1 --"},
    ],
)
def test_odd_list_queries_never_fail(web, make_client, query):
    make_client()
    assert web.get("/clients/", query).status_code in (200, 404)


JUNK = {
    "legal_form": "9",
    "office": "abc",
    "staff": "99999",
    "version": "old",
    "gender": "99999",
    "date_of_birth": "29/02/1990",
    "monthly_income": "-5",
    "number_of_dependents": "1e9",
    "submitted_on": "yesterday",
    "activation_date": "2020-13-45",
    "destination_office": "99999",
    "closure_reason": "x",
    "rejection_reason": "",
    "withdrawal_reason": "-1",
    "activation_date_extra": "x" * 5000,
    "note": "x" * 5000,
    "firstname": "x" * 500,
}


def test_junk_posted_to_every_form_never_fails(web, client_in):
    pending = client_in(ClientStatus.PENDING)
    active = client_in(ClientStatus.ACTIVE)
    assert web.post("/clients/new/", JUNK).status_code == 200
    assert web.post(f"/clients/{pending.pk}/edit/", JUNK).status_code == 200
    for command in ("activate", "reject", "withdraw"):
        response = web.post(f"/clients/{pending.pk}/{command.lower()}/", JUNK)
        assert response.status_code == 200, command
    for command in ("close", "assignStaff", "proposeTransfer", "proposeAndAcceptTransfer"):
        response = web.post(f"/clients/{active.pk}/{command.lower()}/", JUNK)
        assert response.status_code == 200, command
    assert web.get("/clients/loan-officers/", {"office": "abc"}).status_code == 200
