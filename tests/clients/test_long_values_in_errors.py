"""A value an error quotes back is cut to a readable length: a date of 100,000 characters, or
a parameter named by as many, came back whole in the error's developerMessage and
defaultUserMessage (a body of 200 kB; a parameter's name in its parameterName and args too).
Its start is quoted, then "… (100,000 characters)", in the request's language; a value
within the limit is quoted exactly as before (decision 297). (A name or an external id too
long is refused by its length, without quoting it: "Ensure this field has no more than 50
characters.")"""

import json

import pytest
from django.utils import translation
from django.utils.formats import number_format
from tests.core.test_error_body import assert_fineract_shape

from mteja.core.echoed_values import MOST_ECHOED_CHARACTERS

pytestmark = pytest.mark.django_db

URL = "/fineract-provider/api/v1/clients"
LONG = "1" * 100_000
CUT = "1" * MOST_ECHOED_CHARACTERS + "… (100,000 characters)"


def create(api, head_office, language="en", **fields):
    body = {"officeId": head_office.pk, "legalFormId": 1, "firstname": "Asha",
            "lastname": "Njeri", **fields}  # fmt: skip
    return api.post(URL, json.dumps(body), content_type="application/json",
                    HTTP_ACCEPT_LANGUAGE=language)  # fmt: skip


def test_a_long_date_is_quoted_as_its_start_and_its_length(api, head_office):
    response = create(api, head_office, dateOfBirth=LONG)
    assert response.status_code == 400
    body = response.json()
    assert_fineract_shape(body, 400)
    (error,) = body["errors"]
    assert error["parameterName"] == "dateOfBirth"
    assert (
        error["defaultUserMessage"]
        == error["developerMessage"]
        == (
            f"“{CUT}” is not an ISO date (yyyy-MM-dd); send `dateFormat` and `locale` for other "
            "formats."
        )
    )
    assert len(response.content) < 2_000


def test_a_long_date_against_a_date_format_is_cut_too(api, head_office):
    response = create(api, head_office, dateOfBirth=LONG, dateFormat="dd MMMM yyyy", locale="en")
    (error,) = response.json()["errors"]
    assert error["defaultUserMessage"] == (
        f"“{CUT}” does not match the date format “dd MMMM yyyy”."
    )


def test_a_long_unsupported_parameter_is_named_by_its_start(api, head_office):
    response = create(api, head_office, **{"x" * 100_000: 1})
    assert response.status_code == 400
    body = response.json()
    assert_fineract_shape(body, 400)
    (error,) = body["errors"]
    named = "x" * MOST_ECHOED_CHARACTERS + "… (100,000 characters)"
    assert error["userMessageGlobalisationCode"] == "error.msg.parameter.unsupported"
    assert error["parameterName"] == named
    assert error["args"] == [{"value": named}]
    assert error["defaultUserMessage"] == f"The parameter {named} is not supported."


@pytest.mark.parametrize(("language", "characters"), [("fr", "caractères"), ("es", "caracteres")])
def test_the_length_is_told_in_the_requests_language(api, head_office, language, characters):
    response = create(api, head_office, language, dateOfBirth=LONG)
    with translation.override(language):
        length = number_format(100_000, force_grouping=True)
    (error,) = response.json()["errors"]
    cut = "1" * MOST_ECHOED_CHARACTERS + f"… ({length} {characters})"
    assert error["defaultUserMessage"].startswith({"fr": f"« {cut} »", "es": f"«{cut}»"}[language])


def test_a_value_within_the_limit_is_quoted_whole(api, head_office):
    within = "1" * MOST_ECHOED_CHARACTERS
    (error,) = create(api, head_office, dateOfBirth=within).json()["errors"]
    assert error["defaultUserMessage"].startswith(f"“{within}” is not an ISO date")
