"""Office scoping: every read goes through `.restrict(user)`.

A model says where its office is with `office_scope_paths` (ORM paths to an Office; several
paths mean "visible from any of them", e.g. a client awaiting transfer is seen by both
offices). A user sees rows whose office hierarchy starts with their own office's.
"""

from django.db import models
from django.db.models import Q


def office_scope_q(paths: tuple[str, ...], office) -> Q:
    """Rows whose office (by any of `paths`) lies in the subtree at `office`.

    The subtree's office ids are a subquery, so the database filters the big table on its
    indexed office column instead of joining offices and matching LIKE on every row. (The
    office's own model runs the subquery: `core` imports no app.)
    """
    hierarchy = office.hierarchy
    subtree = type(office).objects.filter(hierarchy__startswith=hierarchy).values("pk")
    condition = Q(pk__in=[])
    for path in paths:
        if path:
            condition |= Q(**{f"{path}__in": subtree})
        else:
            condition |= Q(hierarchy__startswith=hierarchy)
    return condition


def subtree_ids(office) -> list[int]:
    """The ids of the offices of the subtree at `office`, in id order: kept by the worker
    while the offices stay as they are (core/reference_cache.py), read once otherwise."""
    # Imported here: the reference cache's stamps are a model of core.models, which this
    # module's queryset is the manager of.
    from mteja.core import reference_cache

    offices = type(office)

    def read() -> list[int]:
        rows = offices.objects.filter(hierarchy__startswith=office.hierarchy).order_by("pk")
        return list(rows.values_list("pk", flat=True))

    return reference_cache.derived(offices, f"subtree {office.hierarchy}", read)


# A subtree of at most this many offices is read office by office (see `scope_parts`).
SPLIT_OFFICES = 32


class RestrictedQuerySet(models.QuerySet):
    def scope_parts(self, user) -> list[models.QuerySet]:
        """`restrict(user)` as disjoint querysets, each one an index range: lists count and
        page them together (core.paging) where `a IN (…) OR b IN (…)` would scan the table.

        The head office's rows are one part. A branch user's are one part per office of the
        subtree (`office = x`, served by the (office, …, id) indexes in id order) up to
        SPLIT_OFFICES offices (beyond, one `office IN (…)` part), then one part per further
        path (`transfer_to_office IN (…)`, not already counted), served by its own index."""
        if user is None or not getattr(user, "is_authenticated", False):
            return []
        office = getattr(user, "office", None)
        if office is None:
            return []
        paths = getattr(self.model, "office_scope_paths", None)
        if paths is None or office.hierarchy == ".":
            return [self]
        if "" in paths:  # the office model itself: its hierarchy is its own index
            return [self.filter(office_scope_q(paths, office))]
        subtree = subtree_ids(office)
        first, *others = paths
        if len(subtree) <= SPLIT_OFFICES:
            parts = [self.filter(**{first: pk}) for pk in subtree]
        else:
            parts = [self.filter(**{f"{first}__in": subtree})]
        seen = [first]
        for path in others:
            part = self.filter(**{f"{path}__in": subtree})
            for earlier in seen:
                part = part.exclude(**{f"{earlier}__in": subtree})
            parts.append(part)
            seen.append(path)
        return parts

    def restrict(self, user, permission: str | None = None):
        """Rows of `user`'s office subtree; none if `permission` is named and not held."""
        if user is None or not getattr(user, "is_authenticated", False):
            return self.none()
        if permission and not user.has_fineract_permission(permission):
            return self.none()
        office = getattr(user, "office", None)
        if office is None:
            return self.none()
        paths = getattr(self.model, "office_scope_paths", None)
        if paths is None or office.hierarchy == ".":  # the head office sees everything
            return self
        return self.filter(office_scope_q(paths, office))


class BaseModel(models.Model):
    """Every domain model: timestamps and a scoped manager."""

    created_on = models.DateTimeField(auto_now_add=True)
    last_modified_on = models.DateTimeField(auto_now=True)

    objects = RestrictedQuerySet.as_manager()

    # ORM paths from this model to an Office; None means "not office-scoped".
    office_scope_paths: tuple[str, ...] | None = None

    class Meta:
        abstract = True
