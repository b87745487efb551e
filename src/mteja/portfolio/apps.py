from django.apps import AppConfig


class PortfolioConfig(AppConfig):
    name = "mteja.portfolio"
    label = "portfolio"

    def ready(self):
        from mteja.portfolio import registration

        registration.register()
