"""Django's password backend, reading a session's user with what every request needs of it."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from mteja.core.api.views import one


class UserBackend(ModelBackend):
    def get_user(self, user_id):
        """The session's user, its office in the same query (every read is scoped by it)."""
        model = get_user_model()
        user = one(model._default_manager.select_related(*model.REQUEST_RELATED).filter(pk=user_id))
        return user if user is not None and self.user_can_authenticate(user) else None
