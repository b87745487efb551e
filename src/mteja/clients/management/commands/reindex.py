"""`mteja reindex`: rebuilds the client search (names, vocabulary, the engine's index)."""

import json
import time

from django.core.management.base import BaseCommand

from mteja.clients.search.indexing import reindex


class Command(BaseCommand):
    help = (
        "Rebuild the client search from the clients' names: each search name, the vocabulary "
        "of typo tolerance and the database's trigram index. Safe while the server runs."
    )

    def handle(self, *args, **options):
        started = time.perf_counter()
        report = reindex()
        report["seconds"] = round(time.perf_counter() - started, 1)
        self.stdout.write(json.dumps(report))
