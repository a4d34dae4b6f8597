"""Package exports whose name equals their submodule's (evaluation.evaluate, monitoring.monitor, impact.its,
impact.rdd) are the functions whichever import runs first (perfmethods._lazy)."""

from __future__ import annotations

import subprocess
import sys

import pytest

CASES = [
    ("perfmethods.evaluation", "evaluate"),
    ("perfmethods.monitoring", "monitor"),
    ("perfmethods.impact", "its"),
    ("perfmethods.impact", "rdd"),
]


@pytest.mark.parametrize("package,name", CASES)
def test_submodule_first_then_export_is_the_function(package: str, name: str) -> None:
    code = (
        f"import {package}.{name}\n"
        f"from {package} import {name}\n"
        "import importlib, types\n"
        f"assert callable({name}) and not isinstance({name}, types.ModuleType), type({name})\n"
        f"assert isinstance(importlib.import_module('{package}.{name}'), types.ModuleType)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("package", ["perfmethods.evaluation", "perfmethods.indicators", "perfmethods.monitoring",
                                     "perfmethods.impact"])
def test_every_listed_export_resolves(package: str) -> None:
    import importlib

    module = importlib.import_module(package)
    missing = [name for name in module.__all__ if not hasattr(module, name)]
    assert missing == []
    assert set(module.__all__) <= set(dir(module))
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        module.nope  # noqa: B018
