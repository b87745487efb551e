"""The access token of Fineract's API two-factor flow, stored as a hash only."""

from django.conf import settings
from django.db import models


class TwoFactorAccessToken(models.Model):
    """What `POST /twofactor/validate` hands out: sent back in the `Fineract-Platform-TFA-Token`
    header beside HTTP Basic until `valid_to` or until invalidated."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="two_factor_tokens"
    )
    # sha256 of the token: a copied database holds no usable token.
    token_hash = models.CharField(max_length=64, unique=True)
    valid_from = models.DateTimeField()
    valid_to = models.DateTimeField()

    class Meta:
        app_label = "users"
        indexes = [models.Index(fields=["user", "valid_to"])]

    def __str__(self):
        return f"two-factor token of user {self.user_id}"
