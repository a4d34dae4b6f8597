"""Evaluation modes of 财预〔2020〕10号 and every spelling any entry point accepts.

:func:`normalise_mode` is the one normaliser used by :func:`~perfmethods.evaluation.evaluate`,
:func:`~perfmethods.indicators.lint`, ``project.yaml`` (:func:`~perfmethods.io.read_project`) and the command
line, so that a spelling accepted by one is accepted by all.
"""

from __future__ import annotations

from perfmethods.errors import InputError

__all__ = ["MODE_NAMES", "MODE_SPELLINGS", "normalise_mode"]

#: The canonical modes with their Chinese names: self-evaluation (单位自评), department evaluation (部门评价),
#: finance evaluation (财政评价).
MODE_NAMES: dict[str, str] = {"self": "单位自评", "department": "部门评价", "finance": "财政评价"}

#: Accepted spelling (compared after stripping and lower-casing) → canonical mode.
MODE_SPELLINGS: dict[str, str] = {
    "self": "self",
    "self-evaluation": "self",
    "self evaluation": "self",
    "单位自评": "self",
    "自评": "self",
    "department": "department",
    "departmental": "department",
    "部门评价": "department",
    "部门自评": "department",
    "部门": "department",
    "finance": "finance",
    "财政评价": "finance",
    "财政重点评价": "finance",
    "财政": "finance",
}


def normalise_mode(mode: object, *, name: str = "mode", func: str | None = None) -> str:
    """The canonical evaluation mode (``"self"``, ``"department"`` or ``"finance"``) of any accepted spelling.

    Parameters
    ----------
    mode : a spelling from :data:`MODE_SPELLINGS` (case and surrounding spaces do not matter).
    name : the parameter's name, for the message (e.g. ``"project.evaluation_mode"``).
    func : the public function's name, for the message.

    Raises
    ------
    InputError : an unknown spelling; the message lists the accepted ones.
    """
    key = str(mode).strip().lower() if isinstance(mode, str) else None
    if key is not None and key in MODE_SPELLINGS:
        return MODE_SPELLINGS[key]
    where = f"The '{name}' parameter of {func}" if func else f"The '{name}' parameter"
    canonical = ", ".join(f"{k} ({v})" for k, v in MODE_NAMES.items())
    accepted = ", ".join(repr(s) for s in MODE_SPELLINGS)
    raise InputError(
        f"{where} must be an evaluation mode: {canonical}, written as one of {accepted}; "
        f"got {mode!r} instead."
    )
