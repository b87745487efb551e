from django.urls import path

from mteja.documents.api.documents import OnClient, OnGrouping, OnIdentifier, _views
from mteja.documents.api.images import ClientImageView

_PARENTS = {
    "clients": ("Client", OnClient),
    "client_identifiers": ("Identifier", OnIdentifier),
    "groups": ("Group", OnGrouping),
}
_NAMES = {"clients": "client", "client_identifiers": "identifier", "groups": "group"}

urlpatterns = [path("clients/<id:pk>/images", ClientImageView.as_view(), name="api-client-image")]
for _route, (_prefix, _mixin) in _PARENTS.items():
    _list, _item, _file = _views(_mixin, _prefix)
    _name = _NAMES[_route]
    urlpatterns += [
        path(f"{_route}/<id:pk>/documents", _list.as_view(), name=f"api-{_name}-documents"),
        path(
            f"{_route}/<id:pk>/documents/<id:document_id>",
            _item.as_view(),
            name=f"api-{_name}-document",
        ),
        path(
            f"{_route}/<id:pk>/documents/<id:document_id>/attachment",
            _file.as_view(),
            name=f"api-{_name}-document-attachment",
        ),
    ]
