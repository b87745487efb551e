"""Django's password backend, reading a session's user with what every request needs of it."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class UserBackend(ModelBackend):
    def get_user(self, user_id):
        """The session's user with its office (every read is scoped by it), from this worker's
        kept users (AppUserManager.for_request)."""
        user = get_user_model()._default_manager.for_request(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
