"""The registry of lifecycle commands is whole: each entry's service exists with the keyword
arguments its inputs feed, its permission code is in the catalogue, and the API and the UI
offer it. (What each command does is test_state_machine's and the web pages' business.)"""

import importlib
import inspect

import pytest
from django.urls import reverse

from mteja.clients import lifecycle
from mteja.clients.api.commands import INPUTS
from mteja.users.permission_codes import all_codes

COMMANDS = list(lifecycle.COMMANDS.values())


def _service(command: lifecycle.Command):
    module, function = command.service.rsplit(".", 1)
    return getattr(importlib.import_module(f"mteja.clients.services.{module}"), function)


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c.name)
def test_the_service_takes_what_the_inputs_give(command):
    parameters = inspect.signature(_service(command)).parameters
    assert all(p.kind == p.KEYWORD_ONLY for p in parameters.values()), command.service
    fed = {"actor", "client", "expected_version"} | {p.kwarg for p in command.params if p.kwarg}
    required = {name for name, p in parameters.items() if p.default is p.empty}
    assert required <= fed <= set(parameters), command.service


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c.name)
def test_the_permission_code_is_in_the_catalogue(command):
    codes = {code for _grouping, code, _entity, _action in all_codes()}
    assert command.permission in codes


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c.name)
def test_the_api_body_names_every_input(command):
    fields = set(INPUTS[command.name.lower()]().fields)
    assert {"version", "note"} | {p.api for p in command.params} == fields


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c.name)
def test_the_ui_has_a_page(command):
    assert reverse(f"client_{command.name.lower()}", args=[1]) == (
        f"/clients/1/{command.name.lower()}/"
    )


def test_names_and_actions_are_unique():
    assert len({c.name.lower() for c in COMMANDS}) == len({c.action for c in COMMANDS})
    assert len(COMMANDS) == len({c.action for c in COMMANDS})


@pytest.mark.django_db
def test_every_command_permission_is_in_the_permission_table():
    from mteja.users.models import Permission

    stored = set(Permission.objects.values_list("code", flat=True))
    assert {command.permission for command in COMMANDS} <= stored
