"""Model fields declared alike across apps."""

from django.db import models


def reference(
    to: str, label, related_name: str, *, optional: bool = False, indexed: bool = True
) -> models.ForeignKey:
    """A foreign key to `to` ("app.Model") that keeps the row it names (PROTECT); an
    optional one may be empty. `indexed=False` when the model's own indexes lead with it."""
    empty = {"null": True, "blank": True} if optional else {}
    return models.ForeignKey(
        to,
        verbose_name=label,
        on_delete=models.PROTECT,
        related_name=related_name,
        db_index=indexed,
        **empty,
    )


def optional_text(label, max_length: int) -> models.CharField:
    """Text that may be left empty (stored as "")."""
    return models.CharField(label, max_length=max_length, blank=True, default="")
