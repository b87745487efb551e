"""Clients in bulk: exports of a filtered list (and, by the same columns, imports)."""
