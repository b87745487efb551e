"""Write-side scope checks: an office outside the actor's subtree is a 403."""

from mteja.core.errors import NotAuthorized


def ensure_office_in_scope(actor, office) -> None:
    if actor is None:  # system jobs (migrations, demo loader) act everywhere
        return
    own = getattr(actor, "office", None)
    if own is None or not office.hierarchy.startswith(own.hierarchy):
        raise NotAuthorized("The office is outside your part of the organisation.")
