from django.urls import path

from mteja.documents.api.documents import OnClient, OnIdentifier, _views
from mteja.documents.api.images import ClientImageView

_PARENTS = {"clients": ("Client", OnClient), "client_identifiers": ("Identifier", OnIdentifier)}

urlpatterns = [path("clients/<id:pk>/images", ClientImageView.as_view(), name="api-client-image")]
for _route, (_prefix, _mixin) in _PARENTS.items():
    _list, _item, _file = _views(_mixin, _prefix)
    _name = "client" if _route == "clients" else "identifier"
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
