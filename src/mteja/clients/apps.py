from django.apps import AppConfig


class ClientsConfig(AppConfig):
    name = "mteja.clients"
    label = "clients"
