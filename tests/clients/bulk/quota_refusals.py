"""How an import file refused for a bound on the bytes kept is told: Fineract's 400 naming the
`file` over the API, and the message by the file field on the import page in the user's
language, with status 400 (a refusal before the body is read, decision 313, as a body refused
as a whole is). One check for each bound (the user's, decision 207; the office's, 249)."""

from django.core.files.uploadedfile import SimpleUploadedFile
from tests.clients.bulk.test_jobs import client_file

from mteja.clients.models import ImportJob


def assert_refused_over_the_api(response, code: str, message: str) -> None:
    assert response.status_code == 400
    body = response.json()
    assert body["userMessageGlobalisationCode"] == "validation.msg.validation.errors.exist"
    (error,) = body["errors"]
    assert (error["userMessageGlobalisationCode"], error["parameterName"]) == (code, "file")
    assert error["defaultUserMessage"] == message


def assert_refused_by_the_file_field(web_as, words_by_language: dict[str, str]) -> None:
    """The page of `web_as(language)`'s user, given a one-row file, answers 400 showing the
    refusal by its file field, beginning with the words given for each language; and keeps
    no job more."""
    jobs = ImportJob.objects.count()
    for language, words in words_by_language.items():
        page = web_as(language).post(
            "/clients/import/", {"file": SimpleUploadedFile("a.csv", client_file(1))}
        )
        assert page.status_code == 400
        (by_the_file,) = page.context["form"].errors["file"]  # shown by the file field
        assert by_the_file.startswith(words)
        assert by_the_file in page.content.decode().replace("&#x27;", "'")
    assert ImportJob.objects.count() == jobs
