from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

import mteja.core.api.converters  # noqa: F401  (registers the <id:…> converter)
from mteja.clients.api.urls import v2_patterns
from mteja.core.api.guard import api_not_found, not_found_patterns
from mteja.core.api.platform import actuator_info

api_patterns = [
    path("", include("mteja.organisation.api.urls")),
    path("", include("mteja.users.api.urls")),
    path("", include("mteja.clients.api.urls")),
    path("", include("mteja.documents.api.urls")),
    path("", include("mteja.notes.api.urls")),
    path("", include("mteja.groups.api.urls")),
    path("", include("mteja.portfolio.api.urls")),
    path("", include("mteja.reports.api")),
    path("", include("mteja.core.api.urls")),
    re_path(r"^[\s\S]*$", api_not_found),  # any path under the API, line breaks too
]

# Fineract's few /v2/ endpoints (the clients list's search).
api_v2_patterns = [*v2_patterns, re_path(r"^[\s\S]*$", api_not_found)]

urlpatterns = [
    path("fineract-provider/api/v1/", include(api_patterns)),
    path("api/v1/", include(api_patterns)),
    path("fineract-provider/api/v2/", include(api_v2_patterns)),
    path("api/v2/", include(api_v2_patterns)),
    path("fineract-provider/actuator/info", actuator_info, name="actuator-info"),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="swagger-ui"),
    path("", include("mteja.site.web.urls")),
    path("", include("mteja.organisation.web.urls")),
    path("", include("mteja.users.web.urls")),
    path("", include("mteja.clients.web.urls")),
    path("", include("mteja.documents.web.urls")),
    path("", include("mteja.notes.web.urls")),
    path("", include("mteja.groups.web.urls")),
    path("", include("mteja.portfolio.web.views")),
    path("", include("mteja.portfolio.web.products")),
    *not_found_patterns(),  # any other path under the API's prefixes: Fineract's JSON 404
]

handler400 = "mteja.core.faults.bad_request"
handler500 = "mteja.core.faults.server_error"
