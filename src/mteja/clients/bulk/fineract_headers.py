"""The headers of Fineract's own client templates (its `ClientPerson` and `ClientEntity`
sheets), so that an institution leaving Mifos imports the template it filled in, saved as
.xlsx or CSV: each of its columns is one of Mteja's, or one it is told to leave out (the
template's own helpers: the lookup tables beside the rows, the "Address enabled" and "Is
active address" switches an address's cells already say).

Headers are compared by their key (bulk/rows.py `header_key`: no case, spaces, dashes,
underscores, stars, question marks or slashes), so "Office Name*" is `officename`."""

from __future__ import annotations

# Fineract's header → Mteja's column, for those whose key is not already one of Mteja's
# ("First Name*", "External ID ", "Date of Birth ", "Gender " need nothing).
FINERACT_COLUMNS = {
    "officename": "office",
    "staffname": "staff",
    "mobilenumber": "mobileNo",
    "isastaffmemeber": "isStaff",  # sic
    "name": "fullname",  # an entity's
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
# Fineract's columns that carry nothing of the client's own.
_LEFT_OUT = {"addressenabled", "isactiveaddress", "allmarkedfieldsarecompulsory."}
_LOOKUP_PREFIX = "lookup"  # "Lookup office Name", "Lookup Gender"…: the template's tables


def left_out(key: str) -> bool:
    """Whether a header (by its key) is one of Fineract's template's own helpers."""
    return key in _LEFT_OUT or key.startswith(_LOOKUP_PREFIX)
