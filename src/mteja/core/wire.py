"""Fineract's wire format: dates in and out, enums, write results.

Request dates are strings read with the request's Java `dateFormat` and `locale`
(`dd MMMM yyyy` + `en`, `dd/MM/yyyy`, …); without `dateFormat`, ISO `yyyy-MM-dd`.
A two-digit year (`yy`) is put in the century that makes the date fall within 80 years
before and 20 years after today, as Java's SimpleDateFormat does (java.time and Fineract read
2000–2099). Response dates are `[yyyy, m, d]`; enums are `{id, code, value}`.
"""

from __future__ import annotations

import datetime
import re
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.dates import get_day_names, get_month_names
from django.utils.translation import gettext as _

from mteja.core import clock
from mteja.core.echoed_values import echoed


class DateFormatError(ValueError):
    """The value does not match the pattern; `rule` is the Fineract rule suffix."""

    def __init__(self, rule: str, message: str):
        super().__init__(message)
        self.rule = rule


# A quoted literal ('de'; '' inside it, or alone, is a quote), a letter's run, any other one
# character: a quote left alone is one no quote after it closes.
_TOKEN = re.compile(r"'(?:[^']|'')*'|([A-Za-z])\1*|.", re.DOTALL)
# An ISO date's shape (yyyy-MM-dd), whether or not its day exists: 1990-02-29 is written as
# the API asks, and refused as no real date, not as another format.
ISO_SHAPE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_locale(locale: object) -> Locale:
    if not isinstance(locale, str) or len(locale) > 35:
        raise DateFormatError("invalid.locale.format", _("The locale must be a name such as `en`."))
    return _parse_locale(locale)


@lru_cache(maxsize=64)
def _parse_locale(locale: str) -> Locale:
    try:
        return Locale.parse(locale.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError) as exc:
        raise DateFormatError(
            "invalid.locale.format",
            _("Locale “%(locale)s” is not known.")
            % {
                "locale": locale,
            },
        ) from exc


def _name_numbers(names_of, locale: Locale) -> dict[str, int]:
    """Month or weekday names (babel's `names_of`) → their numbers: full and abbreviated, format
    and stand-alone forms, casefolded and without a final dot."""
    numbers: dict[str, int] = {}
    for width in ("abbreviated", "wide"):
        for context in ("format", "stand-alone"):
            for number, name in names_of(width, context, locale).items():
                numbers[name.casefold().rstrip(".")] = number
    return numbers


def _names_pattern(numbers: dict[str, int]) -> str:
    return "(" + "|".join(re.escape(n) for n in sorted(numbers, key=len, reverse=True)) + r")\.?"


@lru_cache(maxsize=256)
def _compile(pattern: str, locale_name: str):
    """Java SimpleDateFormat/DateTimeFormatter subset → (regex, [(group, kind, lookup)])."""
    locale = parse_locale(locale_name)
    parts: list[str] = []
    fields: list[tuple[str, dict[str, int] | None]] = []
    for match in _TOKEN.finditer(pattern):
        token = match.group(0)
        letter = token[0]
        if token.startswith("'"):
            if len(token) == 1:  # no quote after it closes it: Java refuses the pattern
                raise DateFormatError(
                    "invalid.dateFormat.format",
                    _("Date format “%(pattern)s” opens a quote it does not close.")
                    % {"pattern": echoed(pattern)},
                )
            parts.append(re.escape(token[1:-1].replace("''", "'") or "'"))
        elif letter == "d":
            parts.append(r"(\d{1,2})")  # lenient, as Fineract: "5" for dd
            fields.append(("day", None))
        elif letter in "ML" and len(token) <= 2:
            parts.append(r"(\d{1,2})")  # lenient, as Fineract: "5" for dd
            fields.append(("month", None))
        elif letter in "ML":
            months = _name_numbers(get_month_names, locale)
            parts.append(_names_pattern(months))
            fields.append(("month", months))
        elif letter in "yu":
            parts.append(r"(\d{2})" if len(token) == 2 else r"(\d{4})")
            fields.append(("year2" if len(token) == 2 else "year", None))
        elif letter == "E":  # checked against the date (0 is Monday, as date.weekday())
            weekdays = _name_numbers(get_day_names, locale)
            parts.append(_names_pattern(weekdays))
            fields.append(("weekday", weekdays))
        elif letter.isalpha():
            raise DateFormatError(
                "invalid.dateFormat.format",
                _("Date format “%(pattern)s” is not supported.")
                % {
                    "pattern": echoed(pattern),
                },
            )
        elif token.isspace():
            parts.append(r"\s+")
        else:
            parts.append(re.escape(token))
    kinds = [kind.removesuffix("2") for kind, _lookup in fields]
    if len(kinds) != len(set(kinds)):  # a field twice: no date, and a backtracking bomb
        raise DateFormatError(
            "invalid.dateFormat.format",
            _("Date format “%(pattern)s” is not supported.") % {"pattern": echoed(pattern)},
        )
    return re.compile("^" + "".join(parts) + "$", re.IGNORECASE), fields


def not_a_real_date(value: str) -> DateFormatError:
    return DateFormatError(
        "invalid.date.format", _("“%(value)s” is not a real date.") % {"value": echoed(value)}
    )


def iso_date(value: str) -> datetime.date:
    """A date written yyyy-MM-dd in ASCII digits, as a request without a `dateFormat` writes
    one (no other of ISO's forms: 19900105, 1990-W01-1); DateFormatError for other text, or
    for a day the calendar lacks (1990-02-29)."""
    text = value.strip()
    if ISO_SHAPE.fullmatch(text):
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            raise not_a_real_date(value) from None
    raise DateFormatError(
        "invalid.date.format",
        _(
            "“%(value)s” is not an ISO date (yyyy-MM-dd); send `dateFormat` and `locale` for "
            "other formats."
        )
        % {"value": echoed(value)},
    )


def parse_date(value: object, date_format: str | None, locale: str | None) -> datetime.date:
    """Reads one request date; raises DateFormatError with Fineract's rule on failure."""
    if not isinstance(value, str) or not value.strip():
        raise DateFormatError("invalid.date.format", _("The date must be a string."))
    text = " ".join(value.split())
    if not date_format:
        return iso_date(text)
    if not isinstance(date_format, str) or len(date_format) > 50:
        raise DateFormatError("invalid.dateFormat.format", _("The dateFormat is not valid."))
    locale_name = locale or "en"
    parse_locale(locale_name)  # refuses a non-string before the cached compiler sees it
    regex, fields = _compile(date_format, locale_name)
    match = regex.match(text)
    if not match:
        raise _no_match(value, date_format)
    found: dict[str, int] = {}
    for (kind, lookup), raw in zip(fields, match.groups(), strict=True):
        if lookup is not None:
            number = lookup.get(raw.casefold().rstrip("."))
            if number is None:  # matched only case-insensitively (a dotless ı for an i)
                raise _no_match(value, date_format)
            found[kind] = number
        else:
            found[kind] = int(raw)
    if not _reads_whole_date(found):
        raise _incomplete(date_format)
    if "year2" in found:
        found["year"] = _year_of_two_digits(found["year2"], found["month"], found["day"])
    try:
        day = datetime.date(found["year"], found["month"], found["day"])
    except ValueError as exc:
        raise not_a_real_date(value) from exc
    if "weekday" in found and found["weekday"] != day.weekday():
        weekday = get_day_names("wide", "format", parse_locale(locale_name))[day.weekday()]
        raise DateFormatError(
            "invalid.date.format",
            _("“%(value)s” names the wrong day of the week: that date is a %(weekday)s.")
            % {"value": echoed(value), "weekday": weekday},
        )
    return day


def parse_date_or_iso(value: object, date_format: str | None, locale: str | None) -> datetime.date:
    """`parse_date`, and a date written yyyy-MM-dd read as such whatever `date_format` (an
    ISO date sent back unchanged, an import's cell); one of no real day (1990-02-29) is
    refused as that, not as not matching the format."""
    try:
        return parse_date(value, date_format, locale)
    except DateFormatError:
        if not (isinstance(value, str) and ISO_SHAPE.fullmatch(value.strip())):
            raise
        return iso_date(value)


def _year_of_two_digits(two_digits: int, month: int, day: int) -> int:
    """SimpleDateFormat's century: the date falls within 80 years before and 20 years after
    today (java.time's 2000–2099 would put most birth dates in the future)."""
    today = clock.today()
    window_start = (today.year - 80, today.month, today.day)
    year = window_start[0] - window_start[0] % 100 + two_digits
    return year + 100 if (year, month, day) < window_start else year


def _reads_whole_date(kinds) -> bool:
    """Whether fields of these kinds name a day, a month and a year (of two digits or four)."""
    return {"day", "month", "year"} <= {kind.removesuffix("2") for kind in kinds}


def check_date_format(date_format: object, locale: object) -> None:
    """Raises DateFormatError unless `date_format` is a pattern `parse_date` reads a whole
    date with, in `locale` (English without one)."""
    if not isinstance(date_format, str) or not date_format.strip() or len(date_format) > 50:
        raise DateFormatError("invalid.dateFormat.format", _("The dateFormat is not valid."))
    locale_name = locale or "en"
    parse_locale(locale_name)
    _regex, fields = _compile(date_format, locale_name)
    if not _reads_whole_date(kind for kind, _lookup in fields):
        raise _incomplete(date_format)


def _no_match(value, date_format: str) -> DateFormatError:
    return DateFormatError(
        "invalid.date.format",
        _("“%(value)s” does not match the date format “%(date_format)s”.")
        % {"value": echoed(value), "date_format": echoed(date_format)},
    )


def _incomplete(date_format: str) -> DateFormatError:
    return DateFormatError(
        "invalid.dateFormat.format",
        _("Date format “%(date_format)s” needs a day, a month and a year.")
        % {"date_format": date_format},
    )


def date_out(value: datetime.date | datetime.datetime | None) -> list[int] | None:
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        value = value.date()
    return [value.year, value.month, value.day]


def datetime_out(value: datetime.datetime | None) -> str | None:
    return value.isoformat() if value else None


def enum_out(id_: int, code: str, value: str) -> dict:
    return {"id": id_, "code": code, "value": value}


def write_result(resource_id: int, **extra) -> dict:
    """Fineract's CommandProcessingResult: nulls omitted."""
    body = {"resourceId": resource_id}
    body.update({key: value for key, value in extra.items() if value not in (None, {}, [])})
    return body
