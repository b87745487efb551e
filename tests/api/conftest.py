import pytest
from django.core import signals
from django.db import close_old_connections


@pytest.fixture(autouse=True)
def connection_kept_between_requests():
    """Schemathesis calls the WSGI application itself: as Django's test client does, a request
    must not close the database connection as it starts or ends, since the connection's
    transaction holds the test's rows (on PostgreSQL, closing it would end the transaction)."""
    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (signals.request_started, signals.request_finished):
        signal.connect(close_old_connections)
