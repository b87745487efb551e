"""Every failure leaves as Fineract's error body, whatever raised it."""

import pytest

from mteja.core.api.errors import body_for
from mteja.core.echoed_values import MOST_ECHOED_CHARACTERS
from mteja.core.errors import (
    DomainError,
    NotAuthorized,
    NotFound,
    ParameterError,
    Problems,
    StaleVersion,
    UniquenessViolation,
    ValidationFailed,
)

TOP_KEYS = {
    "developerMessage",
    "httpStatusCode",
    "defaultUserMessage",
    "userMessageGlobalisationCode",
    "errors",
}
ERROR_KEYS = {
    "developerMessage",
    "defaultUserMessage",
    "userMessageGlobalisationCode",
    "parameterName",
    "value",
    "args",
}


def assert_fineract_shape(body: dict, status: int):
    assert set(body) == TOP_KEYS
    assert body["httpStatusCode"] == str(status)
    assert isinstance(body["errors"], list)
    for error in body["errors"]:
        assert set(error) == ERROR_KEYS
        assert isinstance(error["args"], list)


def test_validation_collects_every_error_with_fineract_codes():
    errors = Problems("client")
    errors.add("firstname", "cannot.be.blank", "The parameter firstname is mandatory.")
    errors.add("lastname", "exceeds.max.length", "Too long.", "x" * 60, (50,))
    with pytest.raises(ValidationFailed) as caught:
        errors.raise_if_any()
    body = body_for(caught.value)
    assert_fineract_shape(body, 400)
    assert body["userMessageGlobalisationCode"] == "validation.msg.validation.errors.exist"
    assert [e["userMessageGlobalisationCode"] for e in body["errors"]] == [
        "validation.msg.client.firstname.cannot.be.blank",
        "validation.msg.client.lastname.exceeds.max.length",
    ]
    assert body["errors"][1]["parameterName"] == "lastname"
    assert body["errors"][1]["args"] == [{"value": 50}]


def test_an_empty_collector_raises_nothing():
    Problems("client").raise_if_any()


@pytest.mark.parametrize(
    ("error", "status", "top_code", "param"),
    [
        (
            DomainError("error.msg.client.not.active", "Not active."),
            403,
            "validation.msg.domain.rule.violation",
            "id",
        ),
        (
            UniquenessViolation(
                "error.msg.user.duplicate.username", "Taken.", param="username", value="amina"
            ),
            403,
            "error.msg.user.duplicate.username",
            "username",
        ),
        (
            NotFound("error.msg.client.id.invalid", "No client 9."),
            404,
            "error.msg.resource.not.found",
            "id",
        ),
        (NotAuthorized(), 403, "error.msg.not.authorized", "id"),
        (StaleVersion("client", 4), 409, "error.msg.stale.version", "version"),
        (
            DomainError("validation.msg.x.y.z", "Bad.", param="y", status=400),
            400,
            "validation.msg.validation.errors.exist",
            "y",
        ),
    ],
)
def test_each_error_kind_has_its_status_and_codes(error, status, top_code, param):
    body = body_for(error)
    assert_fineract_shape(body, status)
    assert error.status == status
    assert body["userMessageGlobalisationCode"] == top_code
    assert body["errors"][0]["parameterName"] == param


def test_several_rule_violations_travel_together():
    error = DomainError.from_errors(
        [
            ParameterError("error.msg.a", "dateOfBirth", "A."),
            ParameterError("error.msg.b", "activationDate", "B."),
        ]
    )
    body = body_for(error)
    assert [e["parameterName"] for e in body["errors"]] == ["dateOfBirth", "activationDate"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("call", "status", "code"),
    [
        (
            lambda c: c.get("/fineract-provider/api/v1/no-such-thing"),
            404,
            "error.msg.resource.not.found",
        ),
        (lambda c: c.get("/api/v1/users/99999"), 404, "error.msg.resource.not.found"),
        (
            lambda c: c.delete("/fineract-provider/api/v1/permissions"),
            405,
            "error.msg.method.not.allowed",
        ),
        (
            lambda c: c.post(
                "/fineract-provider/api/v1/roles", "name=x", content_type="text/plain"
            ),
            415,
            "error.msg.unsupported.media.type",
        ),
        (
            lambda c: c.generic(
                "POST", "/fineract-provider/api/v1/roles", "{nope", content_type="application/json"
            ),
            400,
            "error.msg.invalid.request.body",
        ),
        (
            lambda c: c.post("/fineract-provider/api/v1/roles", [1, 2], format="json"),
            400,
            "error.msg.invalid.request.body",
        ),
    ],
)
def test_http_failures_use_the_same_body(api, call, status, code):
    response = call(api)
    assert response.status_code == status
    body = response.json()
    assert_fineract_shape(body, status)
    assert body["userMessageGlobalisationCode"] == code


def test_a_long_value_is_echoed_as_its_start_and_its_length():
    """A value of many thousand characters (a custom number field's digits) came back whole
    in the error's `value` (decision 297); one within the limit comes back as sent."""
    errors = Problems("client")
    errors.add("income", "is.out.of.range", "Too large.", "9" * 100_000)
    errors.add("note", "is.invalid", "Not so.", "9" * MOST_ECHOED_CHARACTERS)
    with pytest.raises(ValidationFailed) as caught:
        errors.raise_if_any()
    body = body_for(caught.value)
    assert_fineract_shape(body, 400)
    assert [error["value"] for error in body["errors"]] == [
        "9" * MOST_ECHOED_CHARACTERS + "… (100,000 characters)",
        "9" * MOST_ECHOED_CHARACTERS,
    ]
