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


class RestrictedQuerySet(models.QuerySet):
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
