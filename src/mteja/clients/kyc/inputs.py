"""What the typed inputs of the KYC services share: a marker for a field the caller did not
give (an update leaves it as it is), and the list of the fields given."""

from __future__ import annotations

from dataclasses import fields
from typing import Any


class _Unset:
    def __repr__(self) -> str:
        return "UNSET"

    def __bool__(self) -> bool:
        return False


UNSET: Any = _Unset()


class GivenFields:
    """Mixin of the frozen input dataclasses: `given()` is {field: value} of those set."""

    def given(self) -> dict[str, Any]:
        return {
            f.name: getattr(self, f.name)
            for f in fields(self)  # type: ignore[arg-type]
            if getattr(self, f.name) is not UNSET
        }
