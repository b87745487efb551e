from django.urls import register_converter


class IdConverter:
    """A database id in a URL: 1 to 18 digits, so no id can overflow a BIGINT."""

    regex = "[0-9]{1,18}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


register_converter(IdConverter, "id")
