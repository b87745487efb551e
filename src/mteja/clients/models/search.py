"""The search's vocabulary: every word of a client's name, with its one-letter deletions, for
typo-tolerant name search on either database (clients/search/vocabulary.py)."""

from __future__ import annotations

from django.db import models

__all__ = ["SearchTerm"]


class SearchTerm(models.Model):
    """`term` (a folded word of some client's name) is reachable from `variant`: the term itself
    or the term with one letter deleted. Two words one edit apart share a variant, so the
    words close to a misspelt query word are read by one indexed IN lookup."""

    variant = models.CharField(max_length=60)
    term = models.CharField(max_length=60)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["variant", "term"], name="clients_searchterm_unique")
        ]

    def __str__(self):
        return f"{self.variant} → {self.term}"
