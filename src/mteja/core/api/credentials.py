"""HTTP Basic at the cost of a session: verified credentials remembered briefly, failed ones
throttled.

Every Fineract app sends its credentials on every call, and verifying a password derives its
hash (PBKDF2, a million iterations): a few hundred milliseconds of a worker each time. A
successful verification is therefore remembered for a few minutes under a keyed hash of the
user name and password (never the password itself). A remembered entry also holds a stamp of
what would make the credentials stop being good — the stored password hash, whether the user is
active or deleted — and is honoured only while the user's row still has that stamp, so a
password change, a deactivation or a deletion take effect on the next call, in every worker.
Lock-out is asked of django-axes on every call whose user name has failed logins on record;
whether it has is kept by each worker under the users stamp, which every failure recorded or
reset renews. Roles and permissions are
kept by each worker as for a session (users/models.py).

Failed verifications cost the same hashing whatever the user name, and axes locks only names
it has seen fail five times: a flood of made-up names would keep every worker hashing. So the
failures of the last window are counted (per worker process, in its local cache); past the
limit, credentials that are not remembered are refused at once with 429 until the window ends.
"""

from __future__ import annotations

import hashlib
import hmac
import time

from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from rest_framework import exceptions

from mteja.core import reference_cache, stamps

REMEMBER_SECONDS = 300
_PREFIX = "mteja:basic:"
_FAILURES = "mteja:basic-failures:"


def _key(username: str, password: str) -> str:
    secret = settings.SECRET_KEY.encode()
    digest = hmac.new(secret, f"{username}\0{password}".encode(), hashlib.sha256).hexdigest()
    return _PREFIX + digest


def _stamp(user) -> str:
    """What must stay the same for remembered credentials to remain good."""
    state = f"{user.pk}|{user.password}|{user.is_active}|{getattr(user, 'is_deleted', False)}"
    return hashlib.sha256(state.encode()).hexdigest()


def remember(username: str, password: str, user) -> None:
    cache.set(_key(username, password), (user.pk, _stamp(user)), REMEMBER_SECONDS)


def remembered_user(request, username: str, password: str):
    """The user these credentials were verified for, if that still holds; else None."""
    key = _key(username, password)
    entry = cache.get(key)
    if entry is None:
        return None
    user_id, stamp = entry
    user = get_user_model()._default_manager.for_request(user_id)  # with its office
    if user is None or _stamp(user) != stamp or not user.is_active:
        cache.delete(key)
        return None
    if _has_failures(username) and AxesProxyHandler.is_locked(request, {"username": username}):
        cache.delete(key)
        return None  # verified again, so the lock-out is answered as for any other call
    return user


def _has_failures(username: str) -> bool:
    """Whether django-axes holds failed logins of the name: without any, it cannot be locked
    out. Kept until the next failure or reset anywhere (users/apps.py)."""
    return stamps.kept(
        reference_cache.USERS_GROUP,
        f"failed-logins:{username}",
        lambda: AccessAttempt.objects.filter(username=username).exists(),
    )


def _window() -> str:
    return _FAILURES + str(int(time.time()) // settings.MTEJA_AUTH_FAILURE_WINDOW_SECONDS)


def refuse_if_flooded() -> None:
    """429 while this worker has seen too many failed verifications in the current window."""
    if (cache.get(_window()) or 0) >= settings.MTEJA_AUTH_FAILURES_PER_WINDOW:
        raise exceptions.Throttled(wait=settings.MTEJA_AUTH_FAILURE_WINDOW_SECONDS)


def count_failure() -> None:
    window = _window()
    if not cache.add(window, 1, settings.MTEJA_AUTH_FAILURE_WINDOW_SECONDS * 2):
        try:
            cache.incr(window)
        except ValueError:  # expired between add and incr
            cache.add(window, 1, settings.MTEJA_AUTH_FAILURE_WINDOW_SECONDS * 2)
