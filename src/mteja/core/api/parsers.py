import math

from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

from mteja.core.api.errors import InvalidRequestBody

# The deepest nesting a body may have: a client with its datatable rows and address lists is
# four levels; anything near this is an attack on the parser, not a request.
MAX_DEPTH = 32


class FineractJSONParser(JSONParser):
    """JSON only; malformed or absurdly nested bodies, and numbers past a float's range
    (1e400 reads as infinity, which no answer can hold), answer Fineract's
    `error.msg.invalid.request.body`."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except ParseError as exc:
            raise InvalidRequestBody() from exc
        except RecursionError:
            # Python's decoder recurses per level: thousands of [[[[ exhaust the stack.
            raise InvalidRequestBody(too_deep()) from None
        for value, depth in _walk(data):
            if depth > MAX_DEPTH and isinstance(value, dict | list):
                raise InvalidRequestBody(too_deep())
            if isinstance(value, float) and not math.isfinite(value):
                raise InvalidRequestBody(_("The request body holds a number too large."))
        return data


def too_deep() -> str:
    return _("The request body is nested more than %(depth)s levels deep.") % {"depth": MAX_DEPTH}


def _walk(data):
    """Each value in `data` with how deep it is nested (a container's children one deeper),
    walked without recursion."""
    pending = [(data, 1)]
    while pending:
        value, depth = pending.pop()
        yield value, depth
        if isinstance(value, dict):
            pending.extend((child, depth + 1) for child in value.values())
        elif isinstance(value, list):
            pending.extend((child, depth + 1) for child in value)
