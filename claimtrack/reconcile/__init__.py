"""Reconcile: group matching claims across sources, relate them and flag conflicts."""

from .core import (
    DEFAULT_NEIGHBOURS,
    LIST_AGREEMENTS_UP_TO,
    PAIR_COLUMNS_FROM,
    RECONCILE_VERSION,
    reconcile,
)
from .frames import wire_credit
from .models import (
    Conflict,
    DocumentMeta,
    Estimate,
    Group,
    Omitted,
    Reconciliation,
    Relation,
    RelationType,
)

__all__ = [
    "DEFAULT_NEIGHBOURS",
    "LIST_AGREEMENTS_UP_TO",
    "PAIR_COLUMNS_FROM",
    "RECONCILE_VERSION",
    "Conflict",
    "DocumentMeta",
    "Estimate",
    "Group",
    "Omitted",
    "Reconciliation",
    "Relation",
    "RelationType",
    "reconcile",
    "wire_credit",
]
