"""Regenerate ``rdrobust_reference.json``: rdrobust 2.1.1 (PyPI) on its own Senate data.

Run with rdrobust==2.1.1 installed:  ``.venv/bin/python tests/impact/data/make_rdrobust_reference.py``.
The Senate data (``rdrobust_RDsenate.csv``) is copied from the rdrobust 2.1.1 wheel
(``rdrobust/data/rdrobust_RDsenate.csv``; Cattaneo, Frandsen & Titiunik 2015, J. Causal Inference 3(1)); it is
the data of the package's documented example ``rdrobust(y=vote, x=margin)`` (Calonico, Cattaneo, Farrell &
Titiunik 2017, Stata Journal 17(2), §4).
"""

import json
from pathlib import Path

import pandas as pd
from rdrobust import rdrobust

HERE = Path(__file__).parent
data = pd.read_csv(HERE / "rdrobust_RDsenate.csv")
cases = {}
for name, kwargs in {"default": {}, "p2": {"p": 2}, "h10": {"h": 10}, "c5": {"c": 5}}.items():
    r = rdrobust(data["vote"], data["margin"], **kwargs)
    cases[name] = {
        "call": f"rdrobust(vote, margin, {', '.join(f'{k}={v}' for k, v in kwargs.items())})",
        "kwargs": kwargs,
        "coef": float(r.coef.iloc[0, 0]), "coef_bc": float(r.coef.iloc[1, 0]),
        "se": float(r.se.iloc[0, 0]), "se_robust": float(r.se.iloc[2, 0]),
        "ci_robust": [float(r.ci.iloc[2, 0]), float(r.ci.iloc[2, 1])],
        "h": float(r.bws.iloc[0, 0]), "b": float(r.bws.iloc[1, 0]),
        "n_h": [int(v) for v in r.N_h],
    }
(HERE / "rdrobust_reference.json").write_text(json.dumps({"package": "rdrobust 2.1.1", "cases": cases}, indent=1))
