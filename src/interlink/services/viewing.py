"""Typed views: what a service hands a face instead of a storage row, so no face depends on the schema."""

from __future__ import annotations

from dataclasses import fields
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

V = TypeVar("V", bound="DataclassInstance")


def of_row(cls: type[V], row: Any) -> V:
    """A view of ``row``: each field of the frozen dataclass ``cls`` read from the row's attribute of that name."""
    return cls(**{f.name: getattr(row, f.name) for f in fields(cls)})
