import datetime

import pytest
from babel.dates import format_date
from hypothesis import given, settings
from hypothesis import strategies as st

from mteja.core import clock, wire
from mteja.core.wire import DateFormatError, parse_date


@pytest.mark.parametrize(
    ("text", "pattern", "locale", "expected"),
    [
        ("15 March 2016", "dd MMMM yyyy", "en", (2016, 3, 15)),
        ("15 MARCH 2016", "dd MMMM yyyy", "en", (2016, 3, 15)),
        ("05 Sep 2019", "dd MMMM yyyy", "en", (2019, 9, 5)),
        ("15 mars 2016", "dd MMMM yyyy", "fr", (2016, 3, 15)),
        ("1 février 2020", "dd MMMM yyyy", "fr", (2020, 2, 1)),
        ("3 févr. 2020", "dd MMMM yyyy", "fr", (2020, 2, 3)),
        ("15 août 2021", "dd MMMM yyyy", "fr_FR", (2021, 8, 15)),
        ("15 marzo 2016", "dd MMMM yyyy", "es", (2016, 3, 15)),
        ("7 diciembre 1999", "dd MMMM yyyy", "es-ES", (1999, 12, 7)),
        ("5 de mayo de 2020", "d 'de' MMMM 'de' yyyy", "es", (2020, 5, 5)),
        ("12 Julai 2022", "dd MMMM yyyy", "sw", (2022, 7, 12)),
        ("31/12/2020", "dd/MM/yyyy", "en", (2020, 12, 31)),
        ("5/1/2020", "dd/MM/yyyy", "en", (2020, 1, 5)),
        ("29/02/2024", "dd/MM/yyyy", None, (2024, 2, 29)),
        ("2020.06.30", "yyyy.MM.dd", "en", (2020, 6, 30)),
        ("March 4, 2018", "MMMM d, yyyy", "en", (2018, 3, 4)),
        ("Monday, 4 March 2019", "EEEE, d MMMM yyyy", "en", (2019, 3, 4)),
        ("Tue 15 Mar 2016", "EEE dd MMM yyyy", "en", (2016, 3, 15)),
        ("Tuesday 15 Mar 2016", "EEE dd MMM yyyy", "en", (2016, 3, 15)),  # as MMM takes March
        ("mar. 15 mars 2016", "EEE d MMMM yyyy", "fr", (2016, 3, 15)),
        ("martes, 15 de marzo de 2016", "EEEE, d 'de' MMMM 'de' yyyy", "es", (2016, 3, 15)),
        ("15  March   2016", "dd MMMM yyyy", "en", (2016, 3, 15)),
        ("15/03/16", "dd/MM/yy", "en", (2016, 3, 15)),
        ("15 o'clock 03 2016", "dd 'o''clock' MM yyyy", "en", (2016, 3, 15)),  # '' is a quote
        ("15'03'2016", "dd''MM''yyyy", "en", (2016, 3, 15)),
    ],
)
def test_java_patterns_with_locales(text, pattern, locale, expected):
    assert parse_date(text, pattern, locale) == datetime.date(*expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("17/05/90", (1990, 5, 17)),
        ("01/01/00", (2000, 1, 1)),
        ("29/02/00", (2000, 2, 29)),
        ("14/06/44", (1944, 6, 14)),  # 80 years before today: the window's first day
        ("13/06/44", (2044, 6, 13)),  # the day before: 20 years after today, less a day
    ],
)
def test_a_two_digit_year_falls_within_80_years_before_and_20_years_after_today(text, expected):
    with clock.frozen_today(datetime.date(2024, 6, 14)):
        assert parse_date(text, "dd/MM/yy", "en") == datetime.date(*expected)


@given(st.integers(min_value=-80 * 365, max_value=20 * 365))
def test_any_date_of_the_two_digit_year_window_parses_back(days_from_today):
    day = clock.today() + datetime.timedelta(days=days_from_today)
    assert parse_date(day.strftime("%d/%m/%y"), "dd/MM/yy", "en") == day


@pytest.mark.parametrize(
    ("text", "pattern", "locale", "weekday"),
    [
        ("Mon 15 Mar 2016", "EEE dd MMM yyyy", "en", "Tuesday"),
        ("lundi 15 mars 2016", "EEEE d MMMM yyyy", "fr", "mardi"),
        ("Sat, 17/05/1990", "EEE, dd/MM/yyyy", "en", "Thursday"),
    ],
)
def test_a_weekday_the_date_does_not_fall_on_is_refused(text, pattern, locale, weekday):
    with pytest.raises(DateFormatError) as caught:
        parse_date(text, pattern, locale)
    assert caught.value.rule == "invalid.date.format"
    assert (
        str(caught.value) == f"“{text}” names the wrong day of the week: that date is a {weekday}."
    )


def test_iso_without_a_date_format():
    assert parse_date("2020-02-29", None, None) == datetime.date(2020, 2, 29)
    assert parse_date("2020-02-29", "", "en") == datetime.date(2020, 2, 29)


@pytest.mark.parametrize(
    "pattern", ["dd 'of MMMM yyyy", "'dd/MM/yyyy", "dd/MM/yyyy '", "d 'de' MMMM 'de yyyy"]
)
def test_a_quote_left_open_is_refused_as_java_refuses_it(pattern):
    message = f"Date format “{pattern}” opens a quote it does not close."
    for check in (lambda: wire.check_date_format(pattern, "en"),
                  lambda: parse_date("15 March 2016", pattern, "en")):  # fmt: skip
        with pytest.raises(DateFormatError) as caught:
            check()
        assert (caught.value.rule, str(caught.value)) == ("invalid.dateFormat.format", message)


@pytest.mark.parametrize(
    ("value", "pattern", "locale", "rule"),
    [
        ("2020-02-30", None, None, "invalid.date.format"),
        ("29/02/2020", None, None, "invalid.date.format"),
        ("31/31/2020", "dd/MM/yyyy", "en", "invalid.date.format"),
        ("30/02/2021", "dd/MM/yyyy", "en", "invalid.date.format"),
        ("15 Foo 2016", "dd MMMM yyyy", "en", "invalid.date.format"),
        ("15 mars 2016", "dd MMMM yyyy", "en", "invalid.date.format"),
        ("2016-03-15", "dd MMMM yyyy", "en", "invalid.date.format"),
        ("15/03/2016", "dd/MM/yy", "en", "invalid.date.format"),  # four digits for yy
        ("Tuesday 15 mars 2016", "EEEE d MMMM yyyy", "fr", "invalid.date.format"),
        ("", "dd/MM/yyyy", "en", "invalid.date.format"),
        ("   ", None, None, "invalid.date.format"),
        (20200101, None, None, "invalid.date.format"),
        (None, "dd/MM/yyyy", "en", "invalid.date.format"),
        (["2020-01-01"], None, None, "invalid.date.format"),
        ("15 March 2016", "dd MMMM yyyy", "xx_YY_ZZ", "invalid.locale.format"),
        ("15 March 2016", "dd MMMM yyyy", "not a locale!", "invalid.locale.format"),
        ("15/03/2016 10", "dd/MM/yyyy HH", "en", "invalid.dateFormat.format"),
        ("15/03", "dd/MM", "en", "invalid.dateFormat.format"),
        ("15/03/2016", "x" * 51, "en", "invalid.dateFormat.format"),
        ("15/03/2016", 17, "en", "invalid.dateFormat.format"),
    ],
)
def test_bad_values_patterns_and_locales_name_their_rule(value, pattern, locale, rule):
    with pytest.raises(DateFormatError) as caught:
        parse_date(value, pattern, locale)
    assert caught.value.rule == rule
    assert str(caught.value)


PATTERNS = [
    "dd MMMM yyyy",
    "d MMM yyyy",
    "dd/MM/yyyy",
    "MM/dd/yyyy",
    "yyyy-MM-dd",
    "dd.MM.yyyy",
    "MMMM d, yyyy",
    "EEEE d MMMM yyyy",
    "d 'de' MMMM 'de' yyyy",
]
LOCALES = ["en", "fr", "es", "sw", "pt_BR"]


@settings(max_examples=300, deadline=None)
@given(
    day=st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2100, 12, 31)),
    pattern=st.sampled_from(PATTERNS),
    locale=st.sampled_from(LOCALES),
)
def test_any_date_formatted_with_a_pattern_parses_back(day, pattern, locale):
    text = format_date(day, format=pattern, locale=locale)
    assert parse_date(text, pattern, locale) == day


@given(st.text(max_size=30), st.sampled_from([None, *PATTERNS]), st.sampled_from(LOCALES))
def test_any_text_either_parses_or_raises_date_format_error(text, pattern, locale):
    try:
        parsed = parse_date(text, pattern, locale)
    except DateFormatError as exc:
        assert exc.rule in {"invalid.date.format", "invalid.dateFormat.format"}
    else:
        assert isinstance(parsed, datetime.date)


def test_dates_out_as_triplets():
    assert wire.date_out(datetime.date(2024, 1, 31)) == [2024, 1, 31]
    moment = datetime.datetime(2024, 7, 4, 23, 59, tzinfo=datetime.UTC)
    assert wire.date_out(moment) == [2024, 7, 4]
    assert wire.date_out(None) is None


def test_datetimes_out_as_iso_strings():
    moment = datetime.datetime(2024, 7, 4, 23, 59, 1, tzinfo=datetime.UTC)
    assert wire.datetime_out(moment) == "2024-07-04T23:59:01+00:00"
    assert wire.datetime_out(None) is None


def test_enums_and_write_results():
    assert wire.enum_out(300, "clientStatusType.active", "Active") == {
        "id": 300,
        "code": "clientStatusType.active",
        "value": "Active",
    }
    assert wire.write_result(5, officeId=1, clientId=None, changes={}, groupId=[]) == {
        "resourceId": 5,
        "officeId": 1,
    }
    assert wire.write_result(5, changes={"name": "X"}) == {
        "resourceId": 5,
        "changes": {"name": "X"},
    }
