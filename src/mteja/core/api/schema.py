"""drf-spectacular extensions so the schema describes Mteja's own API classes."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class FineractBasicAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "mteja.core.api.authentication.FineractBasicAuthentication"
    name = "basicAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "basic"}
