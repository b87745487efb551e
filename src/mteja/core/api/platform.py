"""What every page of the Mifos X web-app asks the platform besides its data: the server's
build (`/actuator/info`, read by the footer), the signed-in user's notifications (the tray,
served by users/notifications/api.py) and the global configuration (whether business dates are
on, and two settings the loan pages read).

Its global configuration is not data an administrator edits: each entry says
how Mteja behaves (it has no business date: "today" is the clock's date), so it is read-only
and every signed-in user may read it (the web-app's footer asks for it on every page, whoever
is signed in; Fineract demands READ_CONFIGURATION and so shows a clerk an error on each page).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from importlib import metadata

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response

import mteja.core.api.converters  # noqa: F401  (registers the <id:…> converter its routes use)
from mteja.core.api.guard import api_not_found
from mteja.core.api.routes import endpoint
from mteja.core.api.views import FineractAPIView
from mteja.core.errors import NotFound


@csrf_exempt  # any other method is the JSON 404 of every unknown path, before any CSRF check
def actuator_info(request):
    """Spring Boot's `/actuator/info` as Fineract answers it: the build's name and version
    (the footer shows `git.build.version`; Mteja is not run from a git checkout, so its
    released version stands there, with no commit after it)."""
    if request.method not in ("GET", "HEAD"):
        return api_not_found(request)
    version = _version()
    return JsonResponse(
        {
            "build": {"artifact": "mteja", "name": "Mteja", "group": "mteja", "version": version},
            "git": {"build": {"version": version}},
        }
    )


def _version() -> str:
    try:
        return metadata.version("mteja")
    except metadata.PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown"


class SignedInAPIView(FineractAPIView):
    """An endpoint any signed-in user may call: it shows nothing of the institution's data,
    or only what is the user's own."""

    def required_permission(self, request):
        return None


@dataclass(frozen=True)
class Configuration:
    # Fineract's GlobalConfigurationPropertyData; ids are Mteja's own.
    id: int
    name: str
    enabled: bool
    description: str
    value: int = 0
    stringValue: str | None = None  # noqa: N815 (Fineract's name)
    trapDoor: bool = False  # noqa: N815 (Fineract's name)

    def wire(self) -> dict:
        return {key: value for key, value in asdict(self).items() if value is not None}


def configurations() -> list[Configuration]:
    return [
        Configuration(
            1,
            "enable-business-date",
            False,
            _("Mteja has no business date: today is the server's date."),
        ),
        Configuration(
            2,
            "charge-accrual-date",
            True,
            _("Charges accrue on their due date."),
            stringValue="due-date",
        ),
        Configuration(
            3,
            "loan-arrears-delinquency-display-data",
            True,
            _("A loan's overdue amount and days in arrears are shown with it."),
        ),
    ]


def configuration_not_found(param: str, value) -> NotFound:
    return NotFound(
        f"error.msg.configuration.{param}.invalid",
        _("Configuration property with %(param)s %(value)s does not exist")
        % {"param": param, "value": value},
        param=param,
        value=value,
    )


_CONFIGURATION_FIELDS = {
    "id": serializers.IntegerField(),
    "name": serializers.CharField(),
    "enabled": serializers.BooleanField(),
    "value": serializers.IntegerField(),
    "stringValue": serializers.CharField(required=False),
    "description": serializers.CharField(),
    "trapDoor": serializers.BooleanField(),
}
CONFIGURATION = inline_serializer("GlobalConfiguration", _CONFIGURATION_FIELDS)


class ConfigurationsView(SignedInAPIView):
    @extend_schema(
        operation_id="retrieveConfiguration",
        responses=inline_serializer(
            "GlobalConfigurations",
            {
                "globalConfiguration": inline_serializer(
                    "GlobalConfigurationItem", _CONFIGURATION_FIELDS, many=True
                )
            },
        ),
    )
    def get(self, request):
        """The global configuration: how Mteja behaves, read-only."""
        return Response({"globalConfiguration": [c.wire() for c in configurations()]})


class ConfigurationView(SignedInAPIView):
    @extend_schema(operation_id="retrieveOne3", responses=CONFIGURATION)
    def get(self, request, pk: int):
        """One entry of the global configuration, by id."""
        for configuration in configurations():
            if configuration.id == pk:
                return Response(configuration.wire())
        raise configuration_not_found("id", pk)


class ConfigurationByNameView(SignedInAPIView):
    @extend_schema(operation_id="retrieveOneByName", responses=CONFIGURATION)
    def get(self, request, name: str):
        """One entry of the global configuration, by name."""
        for configuration in configurations():
            if configuration.name == name:
                return Response(configuration.wire())
        raise configuration_not_found("name", name)


urlpatterns = [
    endpoint("configurations", ConfigurationsView, "configurations"),
    endpoint("configurations/<id:pk>", ConfigurationView, "configuration"),
    endpoint("configurations/name/<str:name>", ConfigurationByNameView, "configuration-by-name"),
]
