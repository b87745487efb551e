"""The published OpenAPI schema as schemathesis reads it, calling the WSGI app in-process."""

import jsonschema_rs
import schemathesis
from django.core.wsgi import get_wsgi_application
from drf_spectacular.generators import SchemaGenerator
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from tests.support import basic_auth

PREFIX = "/fineract-provider/api/v1"
# What a test asks of one answer: its status, content type and body are the documented ones.
AS_DOCUMENTED = [status_code_conformance, content_type_conformance, response_schema_conformance]


def published_schema(config=None):
    """The schema `/api/schema/` serves, its operations called on the WSGI application."""
    document = SchemaGenerator().get_schema(request=None, public=True)
    loaded = schemathesis.openapi.from_dict(document, config=config)
    loaded.app = get_wsgi_application()
    return loaded


def auth_headers(username: str = "root") -> dict[str, str]:
    return {"Authorization": basic_auth(username), "Fineract-Platform-TenantId": "default"}


def request_body_errors(path: str, method: str, body) -> list[str]:
    """What the published schema finds wrong with `body` as the JSON request of an operation."""
    document = SchemaGenerator().get_schema(request=None, public=True)
    content = document["paths"][PREFIX + path][method]["requestBody"]["content"]
    body_schema = {**content["application/json"]["schema"], "components": document["components"]}
    validator = jsonschema_rs.Draft4Validator(body_schema)
    return [error.message for error in validator.iter_errors(body)]
