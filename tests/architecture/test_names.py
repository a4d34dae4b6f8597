"""No module is named like a name its package exports, so ``import perfmethods.x.y`` is never ambiguous."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import perfmethods

PACKAGES = sorted(
    m.name for m in pkgutil.walk_packages(perfmethods.__path__, "perfmethods.") if m.ispkg
)


@pytest.mark.parametrize("package", PACKAGES)
def test_no_export_shares_a_submodule_name(package):
    pkg = importlib.import_module(package)
    submodules = {m.name for m in pkgutil.iter_modules(pkg.__path__)}
    clashes = sorted(set(getattr(pkg, "__all__", ())) & submodules)
    assert not clashes, f"{package} exports names that are also its submodules: {clashes}"


@pytest.mark.parametrize("package", PACKAGES)
def test_every_export_resolves(package):
    pkg = importlib.import_module(package)
    missing = [name for name in getattr(pkg, "__all__", ()) if not hasattr(pkg, name)]
    assert not missing, f"{package}.__all__ names what it does not define: {missing}"
