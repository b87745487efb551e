"""Which export columns a user may read. A client's own columns ask what the export asks
(EXPORT_CLIENT, within the user's offices); a column of a part of the client asks what reading
that part asks anywhere else (`Column.permission`: READ_CLIENTIDENTIFIER for the identity
document, READ_ADDRESS for the address), so that an export is no way round a role that
withholds them (decision 191)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from mteja.clients.bulk.columns import Column
from mteja.clients.bulk.parts import part_export_columns
from mteja.clients.bulk.rows import RowReader
from mteja.core.errors import NotAuthorized


def _may_read(user, column: Column) -> bool:
    return not column.permission or user.has_fineract_permission(column.permission)


def readable(columns: list[Column], user) -> list[Column]:
    """The columns `user` may read, in their order: every column an export offers them."""
    return [column for column in columns if _may_read(user, column)]


def refuse_unreadable(columns: list[Column], user) -> None:
    """A 403 naming the first permission the chosen columns ask that `user` lacks, and the
    columns that ask it."""
    refused = [column for column in columns if not _may_read(user, column)]
    if not refused:
        return
    permission = refused[0].permission
    names = [column.name for column in refused if column.permission == permission]
    raise NotAuthorized(
        _("Exporting %(columns)s needs the permission %(permission)s, which you do not hold.")
        % {"columns": ", ".join(names), "permission": permission}
    )


def refuse_unreadable_parts(header: list[str], user) -> None:
    """A 403 for a file (an import's, whose result is an export of its clients) holding a
    part's column, however its header spells it, that `user` may not read."""
    names = set(RowReader(None, header).names)
    refuse_unreadable([c for c in part_export_columns() if c.name in names], user)
