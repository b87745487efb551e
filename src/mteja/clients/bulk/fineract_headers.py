"""The headers of Fineract's own client templates (its `ClientPerson` and `ClientEntity`
sheets), so that an institution leaving Mifos imports the template it filled in, saved as
.xlsx or CSV: each of its columns is one of Mteja's, or one it is told to leave out (the
template's own helpers: the lookup tables beside the rows, the "Address enabled" and "Is
active address" switches an address's cells already say).

Headers are compared by their key (bulk/headers.py `header_key`: no case, spaces, dashes,
underscores, stars, question marks or slashes), so "Office Name*" is `officename`."""

from __future__ import annotations

# Fineract's header → Mteja's column, for those whose key is not already one of Mteja's
# ("First Name*", "External ID ", "Date of Birth ", "Gender " need nothing).
FINERACT_COLUMNS = {
    "officename": "office",
    "staffname": "staff",
    "mobilenumber": "mobileNo",
    "isastaffmemeber": "isStaff",  # sic
    "incorporationdate": "dateOfBirth",  # as Fineract keeps it
    "incorporationvaliditytilldate": "incorpValidityTillDate",
    "incorporationnumber": "incorpNumber",
    "street": "address.street",
    "addressline1": "address.addressLine1",
    "addressline2": "address.addressLine2",
    "addressline3": "address.addressLine3",
    "city": "address.city",
    "stateprovince": "address.stateProvince",
    "country": "address.country",
    "postalcode": "address.postalCode",
}
# The entity sheet's "Name" is the entity's: only in a file that is the entity sheet (one of
# its own columns beside it), never a person's name in any file.
ENTITY_NAME = ("name", "fullname")
_ENTITY_SHEET = {"incorporationdate", "incorporationvaliditytilldate", "incorporationnumber",
                 "mainbusinessline", "constitution"}  # fmt: skip
# Fineract's columns that carry nothing of the client's own: its switches, its note, and
# the lookup tables it keeps beside the rows.
_LEFT_OUT = {"addressenabled", "isactiveaddress", "allmarkedfieldsarecompulsory.",
             "lookupofficename", "lookupofficeopeneddate", "lookupgender", "lookupclienttypes",
             "lookupclientclassification", "lookupaddresstype", "lookupstateprovince",
             "lookupcountry", "lookupconstitution", "lookupmainbusinessline"}  # fmt: skip


def columns_of(keys: set[str]) -> dict[str, str]:
    """Fineract's headers (by key) → Mteja's columns, for a file with these header keys."""
    if keys & _ENTITY_SHEET:
        return {**FINERACT_COLUMNS, ENTITY_NAME[0]: ENTITY_NAME[1]}
    return FINERACT_COLUMNS


def left_out(key: str) -> bool:
    """Whether a header (by its key) is one of Fineract's template's own helpers."""
    return key in _LEFT_OUT
