"""Provenance of encoded rule constants.

Every rule constant in perfmethods (a grade boundary, a default weight split, an over-achievement
ratio, a warning threshold) is a parameter with a documented default *and* the status of its
source. The ``source`` names the primary document a reviewer can look up (an official document with
its number and part, e.g. 财预〔2020〕10号 附件2; a published table or web page with its address; a
paper with its page or table; a repository@commit path) or says "package default"; the
``provenance`` says how well that source was checked:

``verified``
    seen verbatim (or near-verbatim) in a public source;
``secondary``
    restated by a local implementation, a budget-system configuration or a third-party summary;
``unverified``
    recalled from a document and not checked against its text, or a package default with no
    official basis. Treat as a hypothesis and override when your locality's text says otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Generic, TypeVar

__all__ = ["Provenance", "Rule"]

T = TypeVar("T")


class Provenance(str, Enum):
    """How well the default value of a rule constant is sourced."""

    VERIFIED = "verified"
    SECONDARY = "secondary"
    UNVERIFIED = "unverified"


@dataclass(frozen=True)
class Rule(Generic[T]):
    """A rule constant with its source.

    Parameters
    ----------
    value : the default value.
    provenance : how well sourced the value is.
    source : the document or system the value comes from, in a form a reviewer can look up.
    note : optional remark (e.g. "10号 gives no number; this is the 广西 system default").
    """

    value: T
    provenance: Provenance
    source: str
    note: str = ""

    def to_dict(self) -> dict[str, object]:
        value = self.value
        if isinstance(value, tuple):
            value = list(value)
        return {"value": value, "provenance": self.provenance.value, "source": self.source, "note": self.note}
