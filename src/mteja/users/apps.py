from django.apps import AppConfig


class UsersConfig(AppConfig):
    name = "mteja.users"
    label = "users"
