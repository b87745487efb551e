"""Typo tolerance, the same on both databases: the words of clients' names (the SearchTerm
table) and the known words one edit away from a query word.

A word is stored with each of its one-letter deletions ("ajayi" → "jayi", "aayi", "ajyi",
"ajai", "ajay"). Two words one insertion, deletion, substitution or swap of neighbours apart
share a deletion (or one is the other's), so the candidates for "aajyi" are one indexed IN
lookup of its own deletions, then kept when their optimal-string-alignment distance is 1
(`rapidfuzz`). A query word that is itself a known word, or is shorter than FUZZY_SHORTEST
letters, is taken as typed.

The services add a client's words when they write its name (`learn`: a worker remembers the
words it saw stored, so a name of known words costs no query); bulk paths and `mteja reindex`
rebuild the table from every name (`rebuild`). Words are never removed
between rebuilds: a word no client holds any more finds no one.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from django.db import connection, transaction
from rapidfuzz.distance import OSA

from mteja.clients.models import SearchTerm
from mteja.core import bulk_insert, bulk_lookup, stamps
from mteja.core.instances import new_instance

FUZZY_SHORTEST = 4  # letters: shorter words have too many neighbours to guess from
MAX_TERM = SearchTerm._meta.get_field("term").max_length
BATCH = 5000
STAMP = "search"  # the group (core/stamps.py) of what workers keep of the vocabulary


def variants(word: str) -> set[str]:
    """The word and its one-letter deletions."""
    return {word, *(word[:i] + word[i + 1 :] for i in range(len(word)))}


def _pairs(words: Iterable[str]) -> list[tuple[str, str]]:
    """The (variant, term) rows of the words: SearchTerm's fields in their declared order."""
    return [
        (variant, word)
        for word in words
        if FUZZY_SHORTEST <= len(word) <= MAX_TERM
        for variant in variants(word)
    ]


def _known() -> set[str]:
    """The words this worker has seen stored (added once their transaction committed),
    forgotten at every rebuild: a name of known words costs a write no query."""
    return stamps.kept(STAMP, "known words", set)


def learn(search_name: str, *, model=SearchTerm, many: bool = False) -> None:
    """Adds the words of a client's `search_name` (one statement, none when all are known
    here). `many`: the words of a batch of names, those stored already looked up first (one
    query) rather than all their variants offered again (on PostgreSQL, a row refused as a
    conflict costs nearly what an insert does)."""
    known = _known()
    words = set(search_name.split()) - known
    new = words
    postgres = connection.vendor == "postgresql"
    if many and words:
        # A stored word is its own variant: one index seek per word. (`term__in=words` as
        # well would make the database seek every pair of the two lists: 40 ms a batch.)
        new = words - (
            _held_words(model, words)
            if postgres
            else bulk_lookup.held(model, "variant", words, equal_to="term")
        )
    # In one order whatever the process's hash seed: two imports learning shared words in
    # different orders deadlocked on the unique index (PostgreSQL).
    # Plain values, no instances: a name's words are some seven rows.
    pairs = sorted(_pairs(new))
    if many and pairs and postgres:
        _insert_pairs(model, pairs)
    else:
        bulk_insert.insert_values(model, pairs, ignore_conflicts=True)
    if words:
        transaction.on_commit(lambda: known.update(words))


# A batch's words go to PostgreSQL as texts of words between spaces (a word holds none:
# `str.split`'s), which the statements split: a list would be dumped by psycopg in Python,
# value by value.


def _held_words(model, words: set[str]) -> set[str]:
    """The `words` stored already (one index seek each)."""
    with connection.cursor() as cursor:
        cursor.execute(_sql(model)[0], [" ".join(words)])
        return {word for (word,) in cursor.fetchall()}


def _insert_pairs(model, pairs: list[tuple[str, str]]) -> None:
    """Inserts the (variant, term) `pairs` in one statement, in their order, conflicts
    ignored, rather than psycopg's executemany (one statement a row, with Python per row
    that cost more than the database's insert)."""
    variants, terms = (" ".join(column) for column in zip(*pairs, strict=True))
    with connection.cursor() as cursor:
        cursor.execute(_sql(model)[1], [variants, terms])


@cache
def _sql(model) -> tuple[str, str]:
    """The look-up of the words held and the insert of pairs (PostgreSQL)."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    variant, term = (quote(model._meta.get_field(name).column) for name in ("variant", "term"))
    held = (
        f"SELECT {term} FROM {table}"  # noqa: S608 (a model's table)
        f" WHERE {variant} = ANY(string_to_array(%s, ' ')) AND {term} = {variant}"
    )
    insert = (
        f"INSERT INTO {table} ({variant}, {term}) SELECT pair.variant, pair.term"  # noqa: S608
        " FROM unnest(string_to_array(%s, ' '), string_to_array(%s, ' ')) AS pair (variant, term)"
        " ON CONFLICT DO NOTHING"
    )
    return held, insert


def rebuild(names: Iterable[str], *, model=SearchTerm) -> int:
    """Replaces the vocabulary with the words of `names` (search names); returns its size."""
    words: set[str] = set()
    for name in names:
        words.update(name.split())
    model.objects.all().delete()
    rows = [
        new_instance(SearchTerm, variant=variant, term=term)  # (the model's walk per row skipped)
        for variant, term in _pairs(sorted(words))
    ]
    model.objects.bulk_create(rows, batch_size=BATCH)
    return len(words)


def forget_known() -> None:
    """Every worker forgets the words it saw stored (after a rebuild)."""
    stamps.bump(STAMP)


def corrections(words: Iterable[str]) -> dict[str, list[str]]:
    """For each query word of letters that is no known word: the known words one edit from
    it."""
    # Words of letters only: a number has no spelling to correct (and costs no query).
    words = [w for w in set(words) if FUZZY_SHORTEST <= len(w) <= MAX_TERM and w.isalpha()]
    if not words:
        return {}
    keys = set().union(*(variants(word) for word in words))
    found = list(
        SearchTerm.objects.filter(variant__in=keys).values_list("variant", "term").distinct()
    )
    known = {term for variant, term in found if variant == term}
    return {
        word: sorted(
            {term for _variant, term in found if OSA.distance(word, term, score_cutoff=1) <= 1}
            - {word}
        )
        for word in words
        if word not in known
    }
