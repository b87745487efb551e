"""The HTML written in Python for speed (table rows, drop-downs) is the HTML django-tables2's
and Django's templates write."""

import datetime
import re
from html.parser import HTMLParser

import django_tables2 as tables
import pytest
from django import forms
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone, translation

from mteja.core.web.tables import DateColumn, DateTimeColumn, MtejaTable
from mteja.core.web.widgets import Select


class _Shape(HTMLParser):
    """Elements, their attributes (in any order) and their text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []

    def handle_starttag(self, tag, attrs):
        self.parts.append((tag, sorted(attrs)))

    def handle_endtag(self, tag):
        self.parts.append(("/" + tag,))

    def handle_data(self, data):
        if data.strip():
            self.parts.append(" ".join(data.split()))


def squeezed(html: str) -> list:
    shape = _Shape()
    shape.feed(str(html))
    return shape.parts


class Sample(MtejaTable):
    name = tables.Column()
    count = tables.Column(localize=False)
    amount = tables.Column()
    day = DateColumn()
    moment = DateTimeColumn(attrs={"td": {"class": lambda record: f"c{record['count']}"}})
    empty = tables.Column(default="—")

    class Meta(MtejaTable.Meta):
        row_attrs = {"data-big": lambda record: "yes" if record["count"] > 1000 else None}


ROWS = [
    {
        "name": "<Amina & Co>",
        "count": 12345,
        "amount": 1234.5,
        "day": datetime.date(2026, 3, 4),
        "moment": datetime.datetime(2026, 3, 4, 23, 30, tzinfo=datetime.UTC),
        "empty": None,
    },
    {
        "name": "Juma",
        "count": 7,
        "amount": 3,
        "day": None,
        "moment": None,
        "empty": "x",
    },
]


def tbody_of_django_tables2(table) -> str:
    html = Template("{% load django_tables2 %}{% render_table table 'django_tables2/table.html' %}")
    request = RequestFactory().get("/")
    rendered = html.render(Context({"table": table, "request": request}))
    return re.search(r"<tbody[^>]*>(.*)</tbody>", rendered, re.S).group(1)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_table_rows_are_those_of_django_tables2(language, settings):
    settings.TIME_ZONE = "Africa/Nairobi"
    with translation.override(language), timezone.override("Africa/Nairobi"):
        ours = Sample(ROWS).body_rows()
        theirs = tbody_of_django_tables2(Sample(ROWS, template_name="django_tables2/table.html"))
    # The same rows, each cell also naming its column (a phone shows a row as a card).
    labels = re.findall(r' data-label="([^"]*)"', ours)
    assert labels[: len(Sample.base_columns)] == [
        str(column.verbose_name or name.capitalize())
        for name, column in Sample.base_columns.items()
    ]
    assert squeezed(re.sub(r' data-label="[^"]*"', "", ours)) == squeezed(theirs)
    assert "&lt;Amina &amp; Co&gt;" in ours


def test_an_empty_table_shows_its_empty_text():
    assert squeezed(Sample([], empty_text="Nothing here.").body_rows()) == squeezed(
        '<tr><td colspan="6">Nothing here.</td></tr>'
    )


@pytest.mark.parametrize("value", [None, "", "2", 2, "9"])
def test_the_drop_down_is_djangos(value):
    choices = [("", "All"), (1, "One & <two>"), (2, "Two"), ("2", "Two again")]
    attrs = {"id": "id_pick", "hx-get": "/x/?a=1&b=2", "required": True, "disabled": False}
    ours = Select(choices=choices).render("pick", value, attrs=attrs)
    theirs = forms.Select(choices=choices).render("pick", value, attrs=attrs)
    assert squeezed(ours) == squeezed(theirs)
    assert Select(choices=choices).__class__.__name__ == "Select"  # field-select, as before
