"""Notifying, and marking read. A notification is written in the transaction of what it
reports, so a step that rolls back tells no one."""

from __future__ import annotations

from django.db.models import QuerySet

from mteja.core import bulk_insert
from mteja.core.instances import new_instance
from mteja.organisation.models import Office
from mteja.users.notifications import messages, recipients
from mteja.users.notifications.models import Notification


def _name(user) -> str:
    return (user.get_full_name() or user.username) if user is not None else ""


def notify(users: QuerySet, kind: messages.Kind, object_id: int, *, actor, office, **params):
    """One notification per user, in one statement."""
    params.setdefault("actor", _name(actor))
    Notification.objects.bulk_create(
        Notification(
            user_id=user_id,
            object_type=kind.object_type,
            object_id=object_id,
            action=kind.action,
            actor=actor,
            office=office,
            params=params,
        )
        for user_id in users.values_list("pk", flat=True)
    )


def transfer_proposed(client, destination, actor) -> None:
    notify(
        recipients.transfer_deciders(destination, actor),
        messages.TRANSFER_PROPOSED,
        client.pk,
        actor=actor,
        office=destination,
        client=client.display_name,
        from_office=client.office.name,
        to_office=destination.name,
    )


def officer_assigned(client, staff, actor) -> None:
    notify(
        recipients.staff_users(staff, actor, client.office),
        messages.STAFF_ASSIGNED,
        client.pk,
        actor=actor,
        office=client.office,
        client=client.display_name,
    )


def officers_readers(assigned: list[tuple], actor) -> tuple[dict, dict]:
    """Whom `officers_assigned` may tell of the clients `assigned` (client, staff id): the
    officers' users (`recipients.officers_users`) and the clients' offices' hierarchies by
    office id; two queries, the second only when an officer logs in. An import's batch
    reads them before its lane's turn (services/bulk_built.py)."""
    staff_ids = {staff_id for _client, staff_id in assigned}
    readers = recipients.officers_users(staff_ids, actor) if staff_ids else {}
    if not readers:
        return {}, {}
    offices = {client.office_id for client, _staff_id in assigned}
    return readers, dict(Office.objects.filter(pk__in=offices).values_list("pk", "hierarchy"))


def officers_assigned(assigned: list[tuple], actor, read: tuple | None = None) -> None:
    """Clients given loan officers in one step (an import's batch), each with its officer's
    staff id (client, staff id): each client told to its officer's users who have the
    client's office in scope, all in one statement. `read`: `officers_readers` of these
    clients (or more), read before; else read here."""
    readers, hierarchies = read if read is not None else officers_readers(assigned, actor)
    if not readers:
        return
    kind, name = messages.STAFF_ASSIGNED, _name(actor)
    # A notification for most clients of an import's batch: made and inserted without the
    # ORM's generic paths (its constructor and its compiling of each value: two fifths of
    # writing a batch whose officers log in), as the batch's clients are.
    bulk_insert.insert(
        Notification,
        [
            new_instance(
                Notification,
                user_id=user_id,
                object_type=kind.object_type,
                object_id=client.pk,
                action=kind.action,
                actor=actor,
                office_id=client.office_id,
                params={"actor": name, "client": client.display_name},
            )
            for client, staff_id in assigned
            for user_id, scope in readers.get(staff_id, ())
            if hierarchies[client.office_id].startswith(scope)
        ],
    )


def import_finished(
    job, *, imported: int, already: int, refused: int, valid: int = 0, actor=None
) -> None:
    """Told to whoever started it. It ran in the background, so the system is the actor,
    unless someone cancelled it: then they are, and the starter who cancelled their own
    import is not told of it. A check-only job tells its valid rows (`valid`)."""
    counts = (
        {"valid": valid, "refused": refused}
        if job.dry_run
        else {"imported": imported, "already": already, "refused": refused}
    )
    notify(
        recipients.starter(job.created_by_id, actor),
        messages.IMPORT_CHECKED if job.dry_run else messages.IMPORT_FINISHED,
        job.pk,
        actor=actor,
        office=job.office,
        file=job.file_name,
        status=job.status,
        **counts,
    )


def mark_read(user, pk: int | None = None) -> int:
    """Marks the user's notifications read (one of them with `pk`); returns how many changed.
    Another user's notification is never touched."""
    unread = Notification.objects.filter(user=user, is_read=False)
    if pk is not None:
        unread = unread.filter(pk=pk)
    return unread.update(is_read=True)
