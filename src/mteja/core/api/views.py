"""The base of every API view: the permission it needs is declared, never forgotten.

A view sets `entity` (Fineract's entity name, e.g. "OFFICE"); the permission code of a
request is `<ACTION>_<ENTITY>` with the action from the HTTP method, unless the view
overrides `required_permission` (commands such as `?command=activate`).
"""

from __future__ import annotations

from rest_framework.views import APIView

METHOD_ACTIONS = {
    "GET": "READ",
    "HEAD": "READ",
    "OPTIONS": "READ",
    "POST": "CREATE",
    "PUT": "UPDATE",
    "DELETE": "DELETE",
}


class FineractAPIView(APIView):
    entity: str = ""

    def required_permission(self, request) -> str:
        if not self.entity:
            raise NotImplementedError(f"{type(self).__name__} declares no entity")
        return f"{METHOD_ACTIONS.get(request.method, 'UPDATE')}_{self.entity}"

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        fields = request.query_params.get("fields") if hasattr(request, "query_params") else None
        data = getattr(response, "data", None)  # None for a file or text answer
        if fields and response.status_code == 200 and isinstance(data, dict | list):
            response.data = _select_fields(data, {f.strip() for f in fields.split(",")})
        return response


def _select_fields(data, wanted: set[str]):
    """Fineract's `?fields=a,b`: keep only the named top-level keys of each item."""
    if isinstance(data, list):
        return [_select_fields(item, wanted) for item in data]
    if isinstance(data, dict) and "pageItems" in data:
        return {**data, "pageItems": _select_fields(data["pageItems"], wanted)}
    if isinstance(data, dict):
        return {key: value for key, value in data.items() if key in wanted}
    return data


def get_scoped(queryset, pk, user, not_found):
    """A read: the object if it is in the user's scope, otherwise `not_found()` (404)."""
    obj = one(queryset.restrict(user).filter(pk=pk))
    if obj is None:
        raise not_found()
    return obj


def one(queryset):
    """The row of a queryset that selects at most one (by its key), or None: `first()`
    without its ORDER BY, which Django compiles at a cost and the database need not sort."""
    rows = list(queryset.order_by()[:1])
    return rows[0] if rows else None


def get_for_write(queryset, pk, user, not_found):
    """A write: the object if it is in the user's scope, otherwise `not_found()` (404), as
    for a read, so that a write cannot tell that an id exists in another office."""
    return get_scoped(queryset, pk, user, not_found)
