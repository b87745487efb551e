"""The notices of an interrupted or stuck import tell each viewer what they can do: its
starter (or a supervisor holding RESUME_IMPORT) is told to resume it; a reader who may not
(a manager following their clerks with READ_IMPORT, not RESUME_IMPORT as the seeded Branch
manager holds; a colleague reading everything) is told who may, in English, French and
Spanish; one who may resume others' imports but not this one reads why
(access.resume_refusal), not "Resume it"."""

import pytest
from tests.clients.bulk.test_job_access import FOLLOWS, READS_ALL, SUPERVISES, stopped
from tests.clients.bulk.test_job_stuck import A_QUARTER_HOUR, queued_ago
from tests.clients.bulk.test_jobs import client_file

from mteja.clients.imports.services import import_job_create

pytestmark = pytest.mark.django_db

WHO_MAY = (
    "Only the user who started this import, or a user who may resume others&#x27; imports "
    "(RESUME_IMPORT), may resume it."
)
WHO_MAY_FR = (
    "Seul l’utilisateur qui a lancé cet import, ou un utilisateur autorisé à reprendre les "
    "imports des autres (RESUME_IMPORT), peut le reprendre."
)
WHO_MAY_ES = (
    "Solo el usuario que inició esta importación, o un usuario que puede reanudar las "
    "importaciones de otros (RESUME_IMPORT), puede reanudarla."
)
RESUME_IT = "Resume it to import the rest: the rows written are kept and none is written twice."
STUCK = (
    "No worker has taken it for over 10 minutes, and no import is running: check that the "
    "job workers run (mteja worker)."
)


def page(web, job, language="en") -> str:
    return web.get(f"/imports/{job.pk}/", HTTP_ACCEPT_LANGUAGE=language).content.decode()


def test_an_interrupted_import_tells_its_starter_to_resume_it_and_a_reader_who_may(
    browse_as, make_user, clerk, kibera
):
    job = stopped(clerk, "running")  # its worker gone
    own = page(browse_as(clerk), job)
    assert "Its worker stopped (killed, or its server restarted). " + RESUME_IT in own
    assert "Only the user who started" not in own
    for reader in (make_user(FOLLOWS, office=kibera), make_user(READS_ALL, office=kibera)):
        web = browse_as(reader)
        shown = page(web, job)
        assert '<h2 id="progress-heading">Interrupted</h2>' in shown
        assert "Resume it" not in shown and 'id="import-resume"' not in shown
        assert (
            "Its worker stopped (killed, or its server restarted). The rows written are kept: "
            "resumed, it imports the rest, none of them twice. " + WHO_MAY in shown
        )
        french = page(web, job, "fr")
        assert "Reprenez-le" not in french
        assert (
            "Son processus s’est arrêté (tué, ou son serveur a redémarré). Les lignes écrites "
            "sont gardées : repris, il importe le reste, aucune deux fois. " + WHO_MAY_FR in french
        )
        spanish = page(web, job, "es")
        assert "Reanúdela" not in spanish
        assert (
            "Su proceso se detuvo (lo mataron o su servidor se reinició). Las filas escritas se "
            "conservan: reanudada, importa el resto, ninguna dos veces. " + WHO_MAY_ES in spanish
        )


def test_a_stuck_import_offers_each_viewer_only_what_they_may_do(
    browse_as, make_user, clerk, kibera
):
    job = import_job_create(actor=clerk, data=client_file(2), file_name="a.csv")
    queued_ago(job.pk, A_QUARTER_HOUR)
    own = page(browse_as(clerk), job)
    assert STUCK + " Resume queues it again; Cancel ends it." in own
    reader = page(browse_as(make_user(FOLLOWS, office=kibera)), job)
    assert '<h2 id="progress-heading">Stuck</h2>' in reader
    assert STUCK + " " + WHO_MAY in reader
    assert "Resume queues" not in reader and "Cancel ends it" not in reader
    # May cancel others' imports, not resume them: told Cancel, and who may resume.
    canceller = page(browse_as(make_user((*READS_ALL, "CANCEL_IMPORT"), office=kibera)), job)
    assert STUCK + " Cancel ends it. " + WHO_MAY in canceller
    assert "Resume queues" not in canceller
    # May resume others' imports, not cancel them.
    resumer = make_user((*READS_ALL, "RESUME_IMPORT"), office=kibera)
    assert STUCK + " Resume queues it again.</p>" in page(browse_as(resumer), job)
    french = page(browse_as(make_user(READS_ALL, office=kibera)), job, "fr")
    assert "Reprendre le remet" not in french and "Annuler y met fin" not in french
    assert "vérifiez que les processus de tâches tournent (mteja worker). " + WHO_MAY_FR in french


def test_a_supervisor_refused_this_resume_reads_why_not_resume_it(
    browse_as, make_user, kibera, make_office
):
    """Their clerk has moved beyond their offices: the page says so once, and neither tells
    them to resume it nor that a user holding RESUME_IMPORT (which they hold) may."""
    clerk = make_user(("CREATE_CLIENT", "READ_CLIENT"), office=kibera)
    job = stopped(clerk, "running")
    clerk.office = make_office(name="Mombasa")
    clerk.save()
    shown = page(browse_as(make_user(SUPERVISES, office=kibera)), job)
    assert "now works in an office outside yours" in shown
    assert "Resume it" not in shown and "Only the user who started" not in shown
    assert "The rows written are kept: resumed, it imports the rest, none of them twice." in shown
