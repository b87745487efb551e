from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

from mteja.core.api.errors import InvalidRequestBody


class FineractJSONParser(JSONParser):
    """JSON only; malformed bodies answer Fineract's `error.msg.invalid.request.body`."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except ParseError as exc:
            raise InvalidRequestBody() from exc
