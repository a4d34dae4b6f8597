"""Lazy package exports: a package's public names are imported from its submodules on first access.

Why: ``perfmethods.indicators`` and ``perfmethods.evaluation`` use each other, and the report kernels should
not pay for modules they never touch. One helper serves every package instead of a copy of the same
``__getattr__`` in each ``__init__``.

It also settles the name clash between a submodule and the function it exports (``evaluation.evaluate``,
``monitoring.monitor``, ``impact.its``): importing the submodule binds the package attribute to the module,
so the package module gets a ``__setattr__`` that keeps the function whichever import runs first
(``import perfmethods.evaluation.evaluate`` followed by ``from perfmethods.evaluation import evaluate``
gives the function). The submodule itself stays reachable with ``importlib.import_module``.
"""

from __future__ import annotations

import importlib
import sys
import types
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["lazy_exports"]


class _Package(types.ModuleType):
    """A package module whose clashing names (export == submodule) always hold the exported object."""

    def __setattr__(self, name: str, value: Any) -> None:
        clashes = self.__dict__.get("_lazy_clashes", frozenset())
        if name in clashes and isinstance(value, types.ModuleType) and hasattr(value, name):
            value = getattr(value, name)
        super().__setattr__(name, value)


def lazy_exports(
    package: str, exports: Mapping[str, str], namespace: dict[str, Any]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """Module-level ``__getattr__`` and ``__dir__`` for ``package``.

    Parameters
    ----------
    package : the package's ``__name__``.
    exports : ``{public name: submodule name}``.
    namespace : the package's ``globals()``; resolved names are cached there.

    Returns
    -------
    (__getattr__, __dir__) to assign at the package's top level.
    """

    def __getattr__(name: str) -> Any:
        module = exports.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        submodule = importlib.import_module(f"{package}.{module}")
        value = getattr(submodule, name)
        namespace[name] = value
        if exports.get(module) == module:
            # the submodule import bound the package attribute to the module; the export is the function
            namespace[module] = getattr(submodule, module)
        return value

    def __dir__() -> list[str]:
        return sorted(set(namespace) | set(namespace.get("__all__", exports)))

    module = sys.modules.get(package)
    if module is not None and type(module) is types.ModuleType:
        namespace["_lazy_clashes"] = frozenset(name for name, sub in exports.items() if name == sub)
        module.__class__ = _Package
    return __getattr__, __dir__
