"""Every notebook runs cell by cell from its own folder, as JupyterLab runs it (issue 14).

JupyterLab starts a notebook's kernel in the notebook's folder, with the parameters cell as written (no renderer
to resolve paths). Each notebook is executed here exactly so: its stored cells, in order, in a kernel whose
working directory is the notebook's folder.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from perfmethods.reporting.kernel import kernel_manager_class

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*/*.ipynb"))

pytestmark = pytest.mark.notebooks


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_runs_from_its_own_folder(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    with tempfile.TemporaryDirectory(prefix="perfmethods-lab-") as ipc:
        manager = kernel_manager_class(cwd=path.parent, ipc_dir=ipc)
        client = NotebookClient(nb, timeout=300, kernel_manager_class=manager, allow_errors=False,
                                resources={"metadata": {"path": str(path.parent)}})
        client.execute()
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert errors == []
