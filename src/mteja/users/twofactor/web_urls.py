from django.urls import path

from mteja.users.twofactor import web

urlpatterns = [
    path("login/code/", web.login_code, name="login_code"),
    path("login/enrol/", web.login_enrol, name="login_enrol"),
    path("account/two-factor/", web.account_two_factor, name="account_two_factor"),
    path(
        "users/<int:pk>/two-factor/reset/",
        web.UserTwoFactorResetView.as_view(),
        name="user_two_factor_reset",
    ),
]
