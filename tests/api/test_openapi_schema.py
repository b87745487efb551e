"""drf-spectacular describes every endpoint (tests/test_openapi.py checks it warns about none)."""

import re

from drf_spectacular.generators import SchemaGenerator
from tests.url_walk import api_endpoints

from mteja.core.api.exceptions import api_not_found


def _shape(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "{}", path)


def test_every_endpoint_and_method_is_in_the_schema():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    described = {
        (_shape(path), method)
        for path, operations in schema["paths"].items()
        for method in operations
    }
    missing = []
    for endpoint in api_endpoints():
        if endpoint.callback is api_not_found:
            continue
        shape = re.sub(r"/1(?=/|$)", "/{}", endpoint.url)
        for method in endpoint.methods:
            if method != "options" and (shape, method) not in described:
                missing.append(f"{method.upper()} {endpoint.url}")
    assert not missing, "not in the OpenAPI schema: " + ", ".join(missing)
