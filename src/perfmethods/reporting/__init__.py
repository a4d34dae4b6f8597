"""Parameterised notebook reports: render, manifest, fonts, zh/en labels, HTML helpers.

Host side (the analyst's shell, the CLI)::

    from perfmethods.reporting import render
    result = render("notebooks/reports/project_evaluation.ipynb",
                    "data/examples/culture_program/report.yaml", "reports/culture_program")
    print(result)                      # Report written to reports/culture_program/report.html ...

    from perfmethods.reporting import render_batch   # every project folder of a portfolio, and an index
    batch = render_batch("notebooks/reports/project_evaluation.ipynb", "data/examples/portfolio",
                         "reports/portfolio", workers=2)

Kernel side (inside a report notebook)::

    from perfmethods.reporting import setup_plotting, t, translator, table, heading, record

Importing this package is cheap: papermill, nbconvert, nbformat, matplotlib and seaborn are imported
inside the functions that need them, so a report kernel does not pay for the host-side machinery.

Modules are named for what they hold, never like a function they export: :func:`render` lives in
``perfmethods.reporting.rendering``, so ``from perfmethods.reporting import rendering`` is the module (e.g. to
monkeypatch it in a test).
"""

from perfmethods.i18n import LANGUAGES, t, translator
from perfmethods.reporting.batch import BatchResult, render_batch
from perfmethods.reporting.fonts import find_cjk_font, setup_plotting
from perfmethods.reporting.html import (
    bullet_list,
    callout,
    format_number,
    heading,
    key_figures,
    paragraph,
    table,
)
from perfmethods.reporting.kernel import (
    RECORD_MIMETYPE,
    SysExecutableKernelManager,
    read_records,
    record,
)
from perfmethods.reporting.notebook import load_notebook
from perfmethods.reporting.params import ParameterSpec, read_parameters, validate_parameters
from perfmethods.reporting.rendering import RenderResult, export_html, render

__all__ = [
    "LANGUAGES",
    "BatchResult",
    "RECORD_MIMETYPE",
    "ParameterSpec",
    "RenderResult",
    "SysExecutableKernelManager",
    "bullet_list",
    "callout",
    "export_html",
    "find_cjk_font",
    "format_number",
    "heading",
    "key_figures",
    "load_notebook",
    "paragraph",
    "read_parameters",
    "read_records",
    "record",
    "render",
    "render_batch",
    "setup_plotting",
    "t",
    "table",
    "translator",
    "validate_parameters",
]
