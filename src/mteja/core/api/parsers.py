from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

from mteja.core.api.errors import InvalidRequestBody

# The deepest nesting a body may have: a client with its datatable rows and address lists is
# four levels; anything near this is an attack on the parser, not a request.
MAX_DEPTH = 32


class FineractJSONParser(JSONParser):
    """JSON only; malformed or absurdly nested bodies answer Fineract's
    `error.msg.invalid.request.body`."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except ParseError as exc:
            raise InvalidRequestBody() from exc
        except RecursionError:
            # Python's decoder recurses per level: thousands of [[[[ exhaust the stack.
            raise InvalidRequestBody(too_deep()) from None
        if depth_exceeds(data, MAX_DEPTH):
            raise InvalidRequestBody(too_deep())
        return data


def too_deep() -> str:
    return _("The request body is nested more than %(depth)s levels deep.") % {"depth": MAX_DEPTH}


def depth_exceeds(data, limit: int) -> bool:
    """Whether containers in `data` nest deeper than `limit`, walked without recursion."""
    pending = [(data, 1)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, dict):
            children = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        if depth > limit:
            return True
        pending.extend((child, depth + 1) for child in children)
    return False
