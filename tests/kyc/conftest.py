"""KYC fixtures: the client fixtures of tests/clients (branches, officers, clients built by
the services, "today" frozen), plus helpers shared by the KYC tests."""

from clients.conftest import *  # noqa: F403 (fixtures are found by name)
from clients.conftest import BASE, codes_of  # noqa: F401 (re-exported for the KYC tests)
