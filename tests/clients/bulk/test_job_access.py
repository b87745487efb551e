"""Who may follow, cancel and resume another user's import (clients/imports/access.py,
decisions 120–122): a branch manager follows their clerks' imports (READ_IMPORT) and no other
branch's; reading everything lets one follow them, not stop or resume them (CANCEL_IMPORT,
RESUME_IMPORT); `resumable` says whether this user's resume would be taken; a resume asks
what the job's rows may need; and the CLI offers no resume that would be refused."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from tests.clients.bulk.test_job_api import API, read, upload
from tests.clients.bulk.test_jobs import DEAD_WORKER, HEADER, client_file

from mteja.clients.imports import running
from mteja.clients.imports.services import import_job_create
from mteja.clients.models import Client, ImportJob
from mteja.users.models import Permission, Role

pytestmark = pytest.mark.django_db

FOLLOWS = ("READ_CLIENT", "CREATE_CLIENT", "EXPORT_CLIENT", "READ_IMPORT")
READS_ALL = ("ALL_FUNCTIONS_READ", "CREATE_CLIENT")
SUPERVISES = (*FOLLOWS, "CANCEL_IMPORT", "RESUME_IMPORT")
NOT_AUTHORIZED = "error.msg.not.authorized"


@pytest.fixture
def mombasa(make_office):
    return make_office(name="Mombasa")


def branch_manager(make_user, office):
    """A user of `office` holding the built-in Branch manager role, as seeded."""
    manager = make_user(("READ_OFFICE",), office=office)
    manager.roles.set([Role.objects.get(name="Branch manager")])
    return manager


def stopped(starter, state="failed", data: bytes | None = None, **options) -> ImportJob:
    """A job of `starter`'s that stopped before writing a row (failed, or its worker gone)."""
    job = import_job_create(
        actor=starter, data=data or client_file(2), file_name="a.csv", **options
    )
    worker = DEAD_WORKER if state == "running" else ""
    ImportJob.objects.filter(pk=job.pk).update(status=state, worker=worker)
    return job


def test_a_branch_manager_follows_their_clerks_imports_and_no_other_branchs(
    api_as, browse_as, make_user, clerk, kibera, mombasa
):
    job_id = upload(api_as(clerk), client_file(2)).json()
    manager = branch_manager(make_user, kibera)
    api, web = api_as(manager), browse_as(manager)
    listed = api.get(f"{API}/imports", {"entityType": "clients"}).json()
    assert [row["importId"] for row in listed] == [job_id]
    assert api.get(f"{API}/imports/{job_id}").json()["imported"] == 2
    result = read(api.get(f"{API}/imports/downloadOutputTemplate", {"importDocumentId": job_id}))
    assert result.status_code == 200
    assert f"/imports/{job_id}/" in web.get("/clients/import/").content.decode()
    assert web.get(f"/imports/{job_id}/").status_code == 200
    assert web.get(f"/imports/{job_id}/progress/").status_code == 200
    assert read(web.get(f"/imports/{job_id}/result.csv")).status_code == 200
    # Another branch's manager: the job does not exist for them, nor its clients' file.
    other = branch_manager(make_user, mombasa)
    assert api_as(other).get(f"{API}/imports", {"entityType": "clients"}).json() == []
    for response in (
        api_as(other).get(f"{API}/imports/{job_id}"),
        api_as(other).get(f"{API}/imports/downloadOutputTemplate", {"importDocumentId": job_id}),
        browse_as(other).get(f"/imports/{job_id}/"),
        browse_as(other).get(f"/imports/{job_id}/result.csv"),
    ):
        assert response.status_code == 404
    assert f"/imports/{job_id}/" not in browse_as(other).get("/clients/import/").content.decode()


def test_reading_everything_follows_a_colleagues_import_but_does_not_cancel_it(
    api_as, browse_as, make_user, clerk, kibera
):
    job = import_job_create(actor=clerk, data=client_file(2), file_name="a.csv")  # queued
    colleague = make_user(READS_ALL, office=kibera)
    page = browse_as(colleague).get(f"/imports/{job.pk}/").content.decode()
    assert 'id="import-cancel"' not in page
    refused = api_as(colleague).post(f"{API}/imports/{job.pk}?command=cancel")
    assert refused.status_code == 403
    body = refused.json()
    assert body["userMessageGlobalisationCode"] == NOT_AUTHORIZED
    assert body["errors"][0]["defaultUserMessage"] == (
        "Only the user who started this import, or a user who may cancel others' imports "
        "(CANCEL_IMPORT), may cancel it."
    )
    posted = browse_as(colleague).post(f"/imports/{job.pk}/cancel/", follow=True)
    assert "may cancel others&#x27; imports" in posted.content.decode()
    assert ImportJob.objects.get(pk=job.pk).status == "queued"
    # Their branch manager may: they supervise the branch's imports.
    manager = make_user(SUPERVISES, office=kibera)
    assert 'id="import-cancel"' in browse_as(manager).get(f"/imports/{job.pk}/").content.decode()
    assert api_as(manager).post(f"{API}/imports/{job.pk}?command=cancel").status_code == 200
    assert ImportJob.objects.get(pk=job.pk).status == "cancelled"


def test_reading_everything_does_not_resume_a_colleagues_import(
    api_as, browse_as, make_user, clerk, kibera
):
    job = stopped(clerk)
    colleague = make_user(READS_ALL, office=kibera)
    page = browse_as(colleague).get(f"/imports/{job.pk}/").content.decode()
    assert 'id="import-resume"' not in page
    assert api_as(colleague).get(f"{API}/imports/{job.pk}").json()["resumable"] is False
    refused = api_as(colleague).post(f"{API}/imports/{job.pk}?command=resume")
    assert refused.status_code == 403
    assert refused.json()["errors"][0]["defaultUserMessage"] == (
        "Only the user who started this import, or a user who may resume others' imports "
        "(RESUME_IMPORT), may resume it."
    )
    with pytest.raises(CommandError, match=r"may resume others' imports \(RESUME_IMPORT\)"):
        call_command("import", "--resume", str(job.pk), "--user", colleague.username)
    assert ImportJob.objects.get(pk=job.pk).status == "failed"
    assert not Client.objects.exists()
    # The starter's own page and answer offer it; so do their branch manager's.
    manager = make_user(SUPERVISES, office=kibera)
    for user in (clerk, manager):
        assert api_as(user).get(f"{API}/imports/{job.pk}").json()["resumable"] is True
        assert 'id="import-resume"' in browse_as(user).get(f"/imports/{job.pk}/").content.decode()
    assert api_as(manager).post(f"{API}/imports/{job.pk}?command=resume").status_code == 200
    assert ImportJob.objects.get(pk=job.pk).status == "completed"
    assert Client.objects.count() == 2


def test_resumable_is_false_for_a_resume_the_service_would_refuse(
    api_as, make_user, kibera, mombasa
):
    """The manager may resume others' imports, but this one's starter now works beyond
    their offices: the answer says so before they ask."""
    clerk = make_user(("CREATE_CLIENT", "READ_CLIENT"), office=kibera)
    job = stopped(clerk)
    clerk.office = mombasa
    clerk.save()
    manager = make_user(SUPERVISES, office=kibera)
    assert api_as(manager).get(f"{API}/imports/{job.pk}").json()["resumable"] is False
    assert api_as(manager).post(f"{API}/imports/{job.pk}?command=resume").status_code == 403


def test_a_resume_asks_only_what_the_jobs_rows_may_need(api_as, make_user, kibera):
    """A branch administrator's import of plain rows (no active, status or activation date
    column) asks of a resumer only CREATE_CLIENT, not every permission the administrator
    holds; a check (a dry run) writes nothing and asks no more, whatever its columns."""
    admin_user = make_user(("ALL_FUNCTIONS",), office=kibera)
    manager = make_user(SUPERVISES)  # of the head office
    plain = stopped(admin_user)
    assert api_as(manager).get(f"{API}/imports/{plain.pk}").json()["resumable"] is True
    response = api_as(manager).post(f"{API}/imports/{plain.pk}?command=resume")
    assert response.status_code == 200, response.content
    assert ImportJob.objects.get(pk=plain.pk).outcomes == {"imported": 2}
    rows = [f"Kibera,Asha,Njeri{n},ACT-{n},2024-01-10,2024-01-10" for n in range(2)]
    data = ("\r\n".join([f"{HEADER},activationDate", *rows]) + "\r\n").encode()
    check = stopped(admin_user, data=data, dry_run=True)
    assert api_as(manager).post(f"{API}/imports/{check.pk}?command=resume").status_code == 200
    assert ImportJob.objects.get(pk=check.pk).outcomes == {"valid": 2}
    # Its import would make them active, which the manager may not: refused, as before.
    active = stopped(admin_user, data=data)
    assert api_as(manager).get(f"{API}/imports/{active.pk}").json()["resumable"] is False
    refused = api_as(manager).post(f"{API}/imports/{active.pk}?command=resume")
    assert refused.status_code == 403
    assert refused.json()["errors"][0]["userMessageGlobalisationCode"] == (
        "error.msg.import.resume.starter.holds.more"
    )
    assert "ACTIVATE_CLIENT" in refused.json()["errors"][0]["defaultUserMessage"]


def _take_create_client(user) -> None:
    for role in user.roles.all():
        role.permissions.remove(Permission.objects.get(code="CREATE_CLIENT"))


def test_the_cli_offers_no_resume_once_the_starter_may_no_longer_create_clients(
    tmp_path, make_user, kibera, monkeypatch
):
    clerk = make_user(("CREATE_CLIENT", "READ_CLIENT"), office=kibera)
    real_run = running.run_job

    def loses_it_first(job_id, **kwargs):
        _take_create_client(clerk)
        return real_run(job_id, **kwargs)

    monkeypatch.setattr(running, "run_job", loses_it_first)
    source = tmp_path / "clients.csv"
    source.write_bytes(client_file(2))
    with pytest.raises(CommandError) as failed:
        call_command("import", str(source), "--user", clerk.username, "--no-progress")
    job = ImportJob.objects.get()
    told = str(failed.value)
    assert "--resume" not in told
    assert told == (  # (to its starter, of themselves: decision 141)
        f"Import job {job.pk} failed. You may no longer create clients: the import cannot go "
        "on. You may no longer create clients, and this import's rows are written as you: it "
        "can be resumed once you may again."
    )
    # Asked all the same (as its starter), it is refused saying why, and stays failed.
    with pytest.raises(CommandError, match="^You may no longer create clients, and this import"):
        call_command("import", "--resume", str(job.pk), "--no-progress")
    assert ImportJob.objects.get(pk=job.pk).status == "failed"
    assert not Client.objects.exists()


def test_a_job_whose_starter_may_no_longer_create_clients_is_not_offered_for_resume(
    api_as, browse_as, make_user, clerk, kibera
):
    """Resumed, it would only fail again at once: refused up front, and its page and
    answer say so rather than offer it."""
    job = stopped(clerk, state="running")  # its worker gone
    _take_create_client(clerk)
    manager = make_user(SUPERVISES, office=kibera)
    assert api_as(manager).get(f"{API}/imports/{job.pk}").json()["resumable"] is False
    page = browse_as(manager).get(f"/imports/{job.pk}/").content.decode()
    assert 'id="import-resume"' not in page
    assert f"{clerk.username}, who started this import, may no longer create clients" in page
    refused = api_as(manager).post(f"{API}/imports/{job.pk}?command=resume")
    assert refused.status_code == 403
    assert refused.json()["errors"][0]["userMessageGlobalisationCode"] == (
        "error.msg.import.resume.starter.may.not.create"
    )
    assert ImportJob.objects.get(pk=job.pk).status == "running"


def test_a_resume_of_a_job_whose_file_went_is_refused_not_a_500(api_as, make_user, kibera):
    """The header cannot be read again to tell what the rows may need: all are asked."""
    from mteja.clients.imports import files

    starter = make_user(("ALL_FUNCTIONS",), office=kibera)
    job = stopped(starter)
    files.source_path(job).unlink()
    manager = make_user(SUPERVISES)
    refused = api_as(manager).post(f"{API}/imports/{job.pk}?command=resume")
    assert refused.status_code == 403
    assert api_as(manager).get(f"{API}/imports/{job.pk}").json()["resumable"] is False
    assert ImportJob.objects.get(pk=job.pk).status == "failed"


def test_the_branch_managers_role_page_names_the_three_permissions_in_the_users_language(
    browse_as, admin_user
):
    role = Role.objects.get(name="Branch manager")
    web = browse_as(admin_user)
    page = web.get(f"/roles/{role.pk}/").content.decode()
    assert "Client imports: Follow those of users of their offices" in page
    assert "Client imports: Cancel those of users of their offices" in page
    assert "Client imports: Resume those of users of their offices" in page
    web.post("/i18n/setlang/", {"language": "fr"})
    french = web.get(f"/roles/{role.pk}/").content.decode()
    assert "Imports de clients : reprendre ceux des utilisateurs de ses agences" in french


def test_the_migration_gives_the_codes_to_an_existing_branch_manager_role_only():
    import importlib

    from django.apps import apps as django_apps

    migration = importlib.import_module("mteja.clients.migrations.0020_import_permissions")
    manager = Role.objects.get(name="Branch manager")
    manager.permissions.remove(*Permission.objects.filter(code__in=migration.NEW_CODES))
    own = Role.objects.create(name="Regional supervisor")  # the institution's own

    migration.grant_to_built_in_roles(django_apps, None)

    def codes(role):
        return set(role.permissions.values_list("code", flat=True))

    assert codes(manager) >= {"READ_IMPORT", "CANCEL_IMPORT", "RESUME_IMPORT"}
    assert not codes(Role.objects.get(name="Teller and clerk")) & migration.NEW_CODES
    assert not codes(own)
