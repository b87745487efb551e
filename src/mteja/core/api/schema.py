"""drf-spectacular extensions so the schema describes Mteja's own API classes."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class FineractBasicAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "mteja.core.api.authentication.FineractBasicAuthentication"
    name = "basicAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "basic"}


def only_canonical_paths(endpoints):
    """Keeps /fineract-provider/api/v1/… and drops its /api/v1/… alias from the schema."""
    return [endpoint for endpoint in endpoints if not endpoint[0].startswith("/api/v1/")]
