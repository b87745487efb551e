"""Related rows by a few `IN` lookups instead of joins: one query per target model.

`select_related` joins every referenced table into the main query. A client refers to offices,
a loan officer, a dozen code values and a dozen users: two dozen joins, which PostgreSQL plans
afresh on every request and Django compiles afresh in Python. Here the main query selects the
rows alone; then each target model is read once with `WHERE id IN (…)` — every code-value
reference of every row (gender, client type, profession, a non-person's constitution…) in one
query on the code values, every user reference in one query on the users — and each row gets
its related objects in the field's cache, exactly where `select_related` would have put them.
Whatever reads `client.office.name` or `client.gender` (serializers, templates, forms) runs no
further query.

    clients = with_related(Client.objects.all(), "office", "gender", "non_person__constitution")
    attach_related(rows, "office", "staff")  # rows already fetched

Paths name forward references (ForeignKey, OneToOneField) and reverse one-to-one relations,
nested with `__` as in `select_related`. A relation already cached (by `select_related`, or
an earlier call) is not read again, but its own nested paths are resolved: so
`select_related("non_person")` with the path `non_person__constitution` joins the one optional
part and reads its code values together with the client's. A reference that is null caches
None, as a join would. Many-valued relations are `prefetch_related`'s.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from django.db import models
from django.db.models.query import ModelIterable

from mteja.core import reference_cache

__all__ = ["attach_related", "with_related"]


@dataclass(frozen=True)
class Relation:
    """One relation of a model, as this module reads it."""

    descriptor: models.Field | models.ForeignObjectRel  # holds the cache (FieldCacheMixin)
    target: type[models.Model]
    source_key: str  # attribute of the source row: office_id (forward), id (reverse)
    target_key: str  # attribute of the target row: id (forward), client_id (reverse)
    reverse: bool

    @classmethod
    def of(cls, model: type[models.Model], name: str) -> Relation:
        descriptor = model._meta.get_field(name)
        if descriptor.concrete and (descriptor.many_to_one or descriptor.one_to_one):
            return cls(
                descriptor,
                descriptor.remote_field.model,
                descriptor.attname,
                descriptor.target_field.attname,
                reverse=False,
            )
        if isinstance(descriptor, models.OneToOneRel):
            return cls(
                descriptor,
                descriptor.related_model,
                descriptor.field.target_field.attname,
                descriptor.field.attname,
                reverse=True,
            )
        raise ValueError(
            f"{model.__name__}.{name} is not a single-valued relation: use prefetch_related"
        )

    @property
    def group(self) -> tuple[type[models.Model], str]:
        """Relations with the same group are read by one query."""
        return self.target, self.target_key


@dataclass(frozen=True)
class Node:
    relation: Relation
    children: tuple[Node, ...] = ()


@functools.cache
def plan(model: type[models.Model], paths: tuple[str, ...]) -> tuple[Node, ...]:
    """The relations `paths` name from `model`, as a tree (checked once per model and paths)."""
    tree: dict[str, list[str]] = {}
    for path in paths:
        head, _, rest = path.partition("__")
        tree.setdefault(head, [])
        if rest:
            tree[head].append(rest)
    nodes = []
    for name, rests in tree.items():
        relation = Relation.of(model, name)
        nodes.append(Node(relation, plan(relation.target, tuple(rests))))
    return tuple(nodes)


@dataclass(eq=False)
class _Step:
    """A relation to resolve for some rows; `rows` is None until its parent is resolved."""

    node: Node
    rows: list | None = None
    after: list[_Step] = field(default_factory=list)


def _steps(nodes: Iterable[Node], rows: list | None) -> list[_Step]:
    steps = []
    for node in nodes:
        step = _Step(node, rows)
        step.after = _steps(node.children, None)
        steps.append(step)
    return steps


def _descendants(steps: Iterable[_Step]) -> Iterator[_Step]:
    for step in steps:
        yield from step.after
        yield from _descendants(step.after)


def attach_related(rows: Iterable[models.Model], *paths: str, using: str | None = None) -> None:
    """Reads the relations `paths` name for `rows` (instances of one model) with one query per
    target model and round of nesting, and caches them on each row."""
    rows = list(rows)
    if not rows or not paths:
        return
    using = using or rows[0]._state.db
    ready = _steps(plan(type(rows[0]), tuple(paths)), rows)
    waiting = list(_descendants(ready))
    while ready:
        groups: dict[tuple, list[_Step]] = defaultdict(list)
        for step in ready:
            groups[step.node.relation.group].append(step)
        # A model that nested relations still waiting will need is read once they are known,
        # in one query with the others (unless nothing else can proceed).
        blocked = {step.node.relation.group for step in waiting}
        runnable = [key for key in groups if key not in blocked] or list(groups)
        ready = [step for key, steps in groups.items() if key not in runnable for step in steps]
        for key in runnable:
            for step in _resolve(groups[key], using):
                waiting.remove(step)
                ready.append(step)


def _resolve(steps: list[_Step], using: str) -> list[_Step]:
    """One query for `steps` (relations to one target model by one key); caches the targets
    on their rows and returns the nested steps that can now proceed."""
    relation = steps[0].node.relation
    wanted = {
        key
        for step in steps
        for row in step.rows
        if (key := _key(step.node.relation, row)) is not None and key is not _CACHED
    }
    found = None
    if wanted and relation.target_key == relation.target._meta.pk.attname:
        # Offices, staff, code values: this worker's copies, checked once per request.
        found = reference_cache.rows_by_pk(relation.target, wanted, using)
    if wanted and found is None:
        targets = relation.target._base_manager.db_manager(using).filter(
            **{f"{relation.target_key}__in": wanted}
        )
        found = {getattr(target, relation.target_key): target for target in targets}
    found = found or {}
    unblocked = []
    for step in steps:
        _cache(step, found)
        if step.after:
            rel = step.node.relation
            related = {
                id(value): value
                for row in step.rows
                if (value := rel.descriptor.get_cached_value(row, None)) is not None
            }
            for child in step.after:
                child.rows = list(related.values())
                unblocked.append(child)
    return unblocked


_CACHED = object()


def _key(rel: Relation, row: models.Model):
    """The row's value of the relation's key; _CACHED when the relation needs no reading
    (already cached, or its key deferred by `.only()`: the descriptor reads it as before)."""
    if rel.descriptor.is_cached(row) or rel.source_key not in row.__dict__:
        return _CACHED
    return row.__dict__[rel.source_key]


def _cache(step: _Step, found: dict) -> None:
    rel = step.node.relation
    for row in step.rows:
        if (key := _key(rel, row)) is _CACHED:
            continue
        target = found.get(key) if key is not None else None
        if target is None and key is not None and not rel.reverse:
            continue  # a dangling reference: left for the descriptor to report
        rel.descriptor.set_cached_value(row, target)
        if target is not None and rel.reverse:
            rel.descriptor.field.set_cached_value(target, row)


class RelatedIterable(ModelIterable):
    """Rows of a queryset with the relations `paths` attached (see `with_related`)."""

    paths: tuple[str, ...] = ()

    def __iter__(self):
        rows = super().__iter__()
        size = self.chunk_size if self.chunked_fetch else None  # .iterator(): per chunk
        while batch := list(islice(rows, size)):
            attach_related(batch, *self.paths, using=self.queryset.db)
            yield from batch


@functools.cache
def _iterable(paths: tuple[str, ...]) -> type[RelatedIterable]:
    return type("RelatedIterable", (RelatedIterable,), {"paths": paths})


def with_related(queryset: models.QuerySet, *paths: str) -> models.QuerySet:
    """`queryset`, whose rows come with the relations `paths` attached whenever it is
    evaluated — sliced, filtered, ordered or paginated later, as `prefetch_related` does
    (the paths ride on the queryset's iterable class, which every clone keeps)."""
    iterable = queryset._iterable_class
    if not issubclass(iterable, ModelIterable):
        raise TypeError("with_related() needs model instances, not values()")
    plan(queryset.model, paths)  # a wrong path fails here, where it is declared
    clone = queryset.all()
    clone._iterable_class = _iterable((*getattr(iterable, "paths", ()), *paths))
    return clone
