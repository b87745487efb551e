from django.urls import path

from mteja.users.twofactor import api

api_urlpatterns = [
    path("twofactor", api.TwoFactorView.as_view(), name="api-twofactor"),
    path("twofactor/validate", api.TwoFactorValidateView.as_view(), name="api-twofactor-validate"),
    path(
        "twofactor/invalidate",
        api.TwoFactorInvalidateView.as_view(),
        name="api-twofactor-invalidate",
    ),
    path(
        "users/<id:pk>/twofactor",
        api.UserTwoFactorResetView.as_view(),
        name="api-user-twofactor-reset",
    ),
]
