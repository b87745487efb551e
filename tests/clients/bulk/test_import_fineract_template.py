"""An institution leaving Mifos imports the client template Fineract gave it, filled in and
saved as .xlsx: Fineract's headers ("Office Name*", "Mobile number", "Street  "), its code
values written with their ids ("Female-22"), and its lookup tables beside the rows."""

import datetime
import io

import pytest
import xlsxwriter

from mteja.clients.bulk.importing import import_clients
from mteja.clients.kyc.addresses.fields import ADDRESS_TYPE_CODE
from mteja.clients.models import Client
from mteja.organisation.models import CodeValue

pytestmark = pytest.mark.django_db

# The person sheet's headers as Fineract writes them (spaces and stars included), with the
# lookup columns it keeps to the right of the rows.
PERSON = ["First Name*", "Last Name*", "Middle Name", "Office Name*", "Staff Name",
          "External ID ", "Submitted On Date", "Activation date", "Active*", "Mobile number",
          "Date of Birth ", "Client Type ", "Is a staff memeber ", "Gender ",
          "Address Enabled *", "Client Classification ", "Address Type ", "Street  ",
          "City ", "Is active Address ? ", "All * marked fields are compulsory.",
          "Lookup office Name  ", "Lookup Office Opened Date ",
          "Lookup Gender "]  # fmt: skip


def fineract_workbook(header: list[str], rows: list[list]) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("ClientPerson")
    dates = book.add_format({"num_format": "dd MMMM yyyy"})
    sheet.write_row(0, 0, header)
    for number, row in enumerate(rows, start=1):
        for column, value in enumerate(row):
            if isinstance(value, datetime.date):
                sheet.write_datetime(number, column, value, dates)
            elif value is not None:
                sheet.write(number, column, value)
    book.close()
    return buffer.getvalue()


def test_fineracts_filled_person_template_imports(admin_user, kibera, make_officer, make_office):
    officer = make_officer(kibera, lastname="Wanjiru")
    make_office(name="Nakuru")
    female = CodeValue.objects.get(code__name="Gender", name="Female")
    home = CodeValue.objects.filter(code__name=ADDRESS_TYPE_CODE).first()
    lookups = [None] * 21
    rows = [
        ["Asha", "Njeri", "", "Kibera", officer.display_name, "FIN-1",
         datetime.date(2024, 1, 10), datetime.date(2024, 1, 11), True, "0712000001",
         datetime.date(1990, 5, 17), None, False, f"Female-{female.pk}", True, None,
         f"{home.name}-{home.pk}", "Plot 9, Market Road", "Nairobi", True, None,
         "Kibera", datetime.date(2015, 1, 1), f"Female-{female.pk}"],
        ["Baraka", "Otieno", "", "Kibera", None, "FIN-2", datetime.date(2024, 1, 10), None,
         False, None, None, None, None, "Female-999999", False, None, None, None, None, None,
         None, "Nakuru", datetime.date(2016, 1, 1), None],
        # Active without an activation date: refused, as Fineract refuses it.
        ["Chao", "Wu", "", "Kibera", None, "FIN-3", datetime.date(2024, 1, 10), None, True,
         *[None] * 12, "Olympic", datetime.date(2017, 1, 1), None],
        # A row of only the lookup tables (more offices than clients): no client.
        [*lookups, "Westlands", datetime.date(2018, 1, 1), None],
    ]  # fmt: skip
    report = import_clients(user=admin_user, data=fineract_workbook(PERSON, rows))
    assert report.rows[0].errors == []
    assert [(row.line, row.outcome) for row in report.rows] == [
        (2, "imported"), (3, "invalid"), (4, "invalid")
    ]  # fmt: skip
    assert report.rows[1].errors == [
        ("Gender", "“Female-999999” is not a value of the list “Gender”.")
    ]  # fmt: skip
    assert report.rows[2].errors == [
        ("Activation date", "An activation date is required to create an active client.")
    ]  # fmt: skip
    asha = Client.objects.get(external_id="FIN-1")
    assert (asha.office, asha.staff, asha.gender, asha.mobile_no) == (
        kibera, officer, female, "0712000001"
    )  # fmt: skip
    assert (asha.status, asha.activation_date) == (300, datetime.date(2024, 1, 11))
    assert asha.date_of_birth == datetime.date(1990, 5, 17)
    assert list(asha.addresses.values_list("street", "city")) == [
        ("Plot 9, Market Road", "Nairobi")
    ]


def test_fineracts_entity_template_names_its_entity_and_incorporation(admin_user, kibera):
    header = ["Name", "Office Name*", "Staff Name", "Incorporation Date",
              "Incorporation Validity Till Date", "Mobile number", "Incorporation Number",
              "External ID ", "Submitted On Date", "Active*", "Activation Date* "]  # fmt: skip
    row = ["Umoja Traders", "Kibera", None, datetime.date(2010, 3, 1),
           datetime.date(2030, 3, 1), "0712000009", "C.123", "FIN-E1",
           datetime.date(2024, 1, 10), False, None]  # fmt: skip
    (result,) = import_clients(user=admin_user, data=fineract_workbook(header, [row])).rows
    assert result.outcome == "imported", result.errors
    umoja = Client.objects.get(external_id="FIN-E1")
    assert (umoja.fullname, umoja.legal_form, umoja.date_of_birth) == (
        "Umoja Traders", 2, datetime.date(2010, 3, 1)
    )  # fmt: skip
    assert (umoja.non_person.incorp_no, umoja.non_person.incorp_validity_till) == (
        "C.123", datetime.date(2030, 3, 1)
    )  # fmt: skip


def test_a_name_column_is_an_entitys_only_in_fineracts_entity_sheet(admin_user, kibera):
    """Beside a person's columns, "Name" is no column of Mteja's: the file is refused, its
    rows never taken for entities."""
    from tests.clients.bulk.files import csv_file

    from mteja.clients.bulk.reading import FileUnreadable

    data = csv_file("office,Name,gender,dateOfBirth,submittedOnDate",
                    "Kibera,Asha Njeri,Female,1990-05-17,2024-01-10")  # fmt: skip
    with pytest.raises(FileUnreadable, match="Unknown columns: Name"):
        import_clients(user=admin_user, data=data)
    assert not Client.objects.exists()


def test_a_custom_table_named_like_fineracts_lookups_keeps_its_column(admin_user, kibera):
    from tests.clients.bulk.files import csv_file

    from mteja.clients.kyc import custom_fields
    from mteja.clients.models import CustomRow

    custom_fields.custom_table_create(actor=None, definition=custom_fields.read_table_definition(
        {"datatableName": "lookups",
         "columns": [{"name": "gender", "type": "String", "length": 30}]}))  # fmt: skip
    data = csv_file("office,firstname,lastname,submittedOnDate,Lookups.Gender",
                    "Kibera,Asha,Njeri,2024-01-10,Coast")  # fmt: skip
    (row,) = import_clients(user=admin_user, data=data).rows
    assert row.outcome == "imported", row.errors
    assert CustomRow.objects.count() == 1
