"""Client search: one service (`matching.matches`) over the two databases' indexes.

- text.py: how names and queries are folded (case, accents, punctuation) and cut into words;
- engines.py: PostgreSQL's pg_trgm and SQLite's FTS5 trigram indexes, number prefixes;
- vocabulary.py: the words of clients' names, for typo tolerance;
- matching.py: what a text finds and its relevance;
- indexing.py: keeping it all in step (`index_client` on every write of a name, `reindex`).
"""
