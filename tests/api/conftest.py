import pytest
from django.db.backends.base.base import BaseDatabaseWrapper


@pytest.fixture(autouse=True)
def connection_kept_between_requests(monkeypatch):
    """Schemathesis calls the WSGI application itself: as Django's test client does, a request
    must not close the database connection as it starts or ends, since the connection's
    transaction holds the test's rows (on PostgreSQL, closing it would end the transaction)."""
    monkeypatch.setattr(BaseDatabaseWrapper, "close_if_unusable_or_obsolete", lambda self: None)
