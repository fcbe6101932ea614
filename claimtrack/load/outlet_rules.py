"""The rules of rules/outlets.yaml: outlets by host, news agencies, url month names and time
zone abbreviations, validated and loaded once."""

from __future__ import annotations

import re
from functools import cached_property, lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..extract.rulefiles import RULES
from ..yamlio import load_model

_OFFSET = re.compile(r"[+-]\d{2}:\d{2}")


class OutletRules(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    outlets: dict[str, str] = Field(default_factory=dict)
    not_outlets: frozenset[str] = frozenset()
    agencies: dict[str, str] = Field(default_factory=dict)
    url_months: dict[str, int] = Field(default_factory=dict)
    zones: dict[str, str] = Field(default_factory=dict)

    @cached_property
    def outlet_names(self) -> dict[str, str]:
        """Each outlet's name by its lower case, also without a leading "The" ("washington
        post" is The Washington Post), as bylines write them."""
        names = {n.lower(): n for n in self.outlets.values()}
        for full in list(names.values()):
            if full.startswith("The "):
                names[full[4:].lower()] = full
        return names

    @field_validator("outlets")
    @classmethod
    def _hosts(cls, v: dict[str, str]) -> dict[str, str]:
        return {host.lower().strip("."): name for host, name in v.items()}

    @field_validator("url_months")
    @classmethod
    def _months(cls, v: dict[str, int]) -> dict[str, int]:
        bad = [k for k, m in v.items() if not 1 <= m <= 12]
        if bad:
            raise ValueError(f"month numbers must be 1..12: {', '.join(bad)}")
        return {k.lower(): m for k, m in v.items()}

    @field_validator("zones")
    @classmethod
    def _zones(cls, v: dict[str, str]) -> dict[str, str]:
        bad = [k for k, off in v.items() if not _OFFSET.fullmatch(off)]
        if bad:
            raise ValueError(f"offsets are written +HH:MM: {', '.join(bad)}")
        return v


@lru_cache(maxsize=1)
def outlet_rules() -> OutletRules:
    return load_model(OutletRules, Path(str(RULES / "outlets.yaml")))
