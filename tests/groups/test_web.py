"""The center and group pages, and the client page's Groups tab: writes through the services,
errors by the fields, another branch's records out of reach."""

import pytest

from mteja.groups import selectors
from mteja.groups.models import Center, Group, GroupStatus, Membership


@pytest.fixture
def browser(browse_as, make_user):
    return browse_as(make_user(username="manager"))


@pytest.fixture
def branch_browser(browse_as, make_user, branch):
    return browse_as(make_user(username="clerk", office=branch))


def test_a_center_then_a_group_in_it_are_created(browser, branch, officer):
    done = browser.post(
        "/centers/new/",
        {"name": "Lakeside", "office": branch.pk, "staff": officer.pk, "meeting_day": 2,
         "meeting_time": "09:30"},
        follow=True,
    )  # fmt: skip
    center = Center.objects.get(name="Lakeside")
    assert done.redirect_chain[-1][0] == f"/centers/{center.pk}/"
    assert "Tuesday" in done.content.decode()
    form = browser.get(f"/groups/new/?center={center.pk}")
    assert form.context["form"].initial["office"] == branch.pk  # the center's office
    created = browser.post(
        "/groups/new/", {"name": "Umoja", "office": branch.pk, "center": center.pk}, follow=True
    )
    group = Group.objects.get(name="Umoja")
    assert group.center == center
    assert "Group “Umoja” created." in created.content.decode()
    assert "Umoja" in browser.get(f"/centers/{center.pk}/").content.decode()


def test_a_duplicate_name_is_shown_beside_the_field(browser, branch, new_group):
    new_group("Umoja")
    response = browser.post("/groups/new/", {"name": "Umoja", "office": branch.pk})
    assert response.status_code == 200
    assert response.context["form"].errors["name"]


def test_members_are_found_added_moved_and_removed(browser, new_group, member):
    group, other = new_group("Umoja"), new_group("Tumaini")
    wanjiru, akinyi = member(firstname="Wanjiru"), member(firstname="Akinyi")
    picker = browser.get(f"/groups/{group.pk}/members/add/?q=wanj").content.decode()
    assert "Wanjiru" in picker and "Akinyi" not in picker
    browser.post(f"/groups/{group.pk}/members/add/", {"clients": [wanjiru.pk, akinyi.pk]})
    assert set(selectors.member_client_ids(group)) == {wanjiru.pk, akinyi.pk}
    browser.post(f"/groups/{group.pk}/members/{akinyi.pk}/move/", {"group": other.pk})
    assert list(selectors.member_client_ids(other)) == [akinyi.pk]
    browser.post(f"/groups/{group.pk}/members/{wanjiru.pk}/remove/")
    page = browser.get(f"/groups/{group.pk}/").content.decode()
    assert "Past members" in page and "No members yet." in page


def test_activate_and_close_pages(browser, new_group, closure_reason, today):
    group = new_group()
    browser.post(f"/groups/{group.pk}/activate/", {"activation_date": today.isoformat()})
    group.refresh_from_db()
    assert group.status == GroupStatus.ACTIVE
    refused = browser.post(
        f"/groups/{group.pk}/close/",
        {"closure_date": "2024-01-01", "closure_reason": closure_reason.pk},
    )
    assert refused.status_code == 200 and refused.context["form"].errors
    browser.post(
        f"/groups/{group.pk}/close/",
        {"closure_date": today.isoformat(), "closure_reason": closure_reason.pk},
    )
    group.refresh_from_db()
    assert group.status == GroupStatus.CLOSED


def test_the_client_page_shows_current_and_past_groups(browser, new_center, new_group, member):
    client = member()
    center = new_center()
    past, current = new_group("Old", center=center), new_group("New")
    browser.post(f"/clients/{client.pk}/groups/assign/", {"group": past.pk})
    browser.post(f"/groups/{past.pk}/members/{client.pk}/remove/")
    browser.post(f"/clients/{client.pk}/groups/assign/", {"group": current.pk})
    page = browser.get(f"/clients/{client.pk}/groups/").content.decode()
    assert "Old" in page and "New" in page and center.name in page
    assert "Current member" in page


def test_assigning_to_a_center_creates_a_group_in_it(browser, new_center, member):
    client, center = member(), new_center()
    browser.post(
        f"/clients/{client.pk}/groups/assign/", {"center": center.pk, "new_group_name": "Jua"}
    )
    group = Group.objects.get(name="Jua")
    assert group.center == center
    assert Membership.objects.current().filter(group=group, client=client).exists()


def test_another_branchs_group_is_a_404(branch_browser, new_group, other_branch):
    # A name no random CSRF token on the page can hold by chance.
    far = new_group("Far-away group", office=other_branch)
    assert branch_browser.get(f"/groups/{far.pk}/").status_code == 404
    assert branch_browser.post(f"/groups/{far.pk}/activate/", {}).status_code in (403, 404)
    assert "Far-away group" not in branch_browser.get("/groups/").content.decode()


def test_the_membership_limits_are_set_on_a_settings_page(browser, new_group, member):
    assert "Group settings" in browser.get("/settings/").content.decode()
    saved = browser.post("/settings/groups/", {"min_clients": "", "max_clients": "1"}, follow=True)
    assert "Group settings saved." in saved.content.decode()
    group = new_group(clients=[member()])
    refused = browser.post(f"/groups/{group.pk}/members/add/", {"clients": [member().pk]})
    assert "between 0 and 1 members" in refused.content.decode()
    inverted = browser.post("/settings/groups/", {"min_clients": "5", "max_clients": "2"})
    assert inverted.context["form"].errors["min_clients"]
