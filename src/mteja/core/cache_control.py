"""Nothing a logged-in user saw stays in a browser's cache.

Branch computers are shared: a page or API answer kept in the cache (or in the back-forward
cache) would show the next person at the desk a client's record after its reader logged out.
"""

from django.utils.cache import add_never_cache_headers

# Every API answer, authenticated or not: the API's answers are about clients and users.
API_PATH_PREFIXES = ("/api/", "/fineract-provider/")


class NoStoreMiddleware:
    """`Cache-Control: no-store` on every answer to a logged-in user (session or API
    credentials: DRF hands the user it authenticated to the request this middleware sees) and on
    every API answer."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if request.path_info.startswith(API_PATH_PREFIXES) or (user and user.is_authenticated):
            add_never_cache_headers(response)
        return response
