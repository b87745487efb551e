from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "mteja.core"
    label = "core"
    verbose_name = "Core"
