"""The client record and its parts, one module per aggregate."""

from mteja.clients.models.client import *  # noqa: F403
from mteja.clients.models.client import __all__ as _client_all
from mteja.clients.models.imports import *  # noqa: F403
from mteja.clients.models.imports import __all__ as _imports_all
from mteja.clients.models.kyc import *  # noqa: F403
from mteja.clients.models.kyc import __all__ as _kyc_all
from mteja.clients.models.search import *  # noqa: F403
from mteja.clients.models.search import __all__ as _search_all

__all__ = [*_client_all, *_imports_all, *_kyc_all, *_search_all]
