"""Regenerate ``csdid_reference.json``: Callaway & Sant'Anna results of the peer package csdid 0.4.3.

csdid is not a perfmethods dependency. It was installed outside the project's virtualenv::

    .venv/bin/pip install --no-deps --target /tmp/ima_peer csdid==0.4.3 drdid==1.1.7 joblib==1.6.0 \
        cloudpickle==3.1.3 plotnine==0.15.9 mizani==0.14.6
    PYTHONPATH=/tmp/ima_peer .venv/bin/python tests/impact/data/make_csdid_reference.py

Input: ``csdid_panel.csv`` (written here from ``simulate_science_programme(2, n_firms=200)``; the CSV, not
the generator, is the test input). Output: ATT(g,t) with analytic standard errors (``bstrap=False``,
``est_method="reg"``; without covariates every estimation method gives the unconditional DiD) and the four
aggregations, for the never-treated and the not-yet-treated control groups.
"""

from __future__ import annotations

import json
from importlib.metadata import version
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent


def main() -> None:
    from csdid.att_gt import ATTgt

    from perfmethods.datasets import simulate_science_programme

    data, _ = simulate_science_programme(2, n_firms=200)
    panel = data["panel"][["firm_id", "year", "cohort", "rd_spending"]].copy()
    panel["id"] = panel["firm_id"].str[1:].astype(int)
    panel.to_csv(HERE / "csdid_panel.csv", index=False, lineterminator="\n")
    panel = pd.read_csv(HERE / "csdid_panel.csv")
    out: dict[str, object] = {"peer": f"csdid=={version('csdid')}", "drdid": version("drdid"),
                              "input": "csdid_panel.csv", "est_method": "reg", "bstrap": False}
    for control, name in (("nevertreated", "never"), ("notyettreated", "notyet")):
        m = ATTgt(yname="rd_spending", tname="year", idname="id", gname="cohort", data=panel,
                  control_group=control).fit(est_method="reg", bstrap=False)
        res = m.results
        block: dict[str, object] = {
            "att_gt": {"group": np.asarray(res["group"], float).tolist(),
                       "time": np.asarray(res["year"], float).tolist(),
                       "att": np.asarray(res["att"], float).tolist(), "se": np.asarray(res["se"], float).tolist()},
        }
        for kind in ("simple", "group", "dynamic", "calendar"):
            a = m.aggte(typec=kind, bstrap=False).atte
            block[kind] = {"overall_att": float(a["overall_att"]), "overall_se": float(a["overall_se"]),
                           "egt": None if a["egt"] is None else np.asarray(a["egt"], float).tolist(),
                           "att_egt": None if a["att_egt"] is None else np.asarray(a["att_egt"], float).tolist(),
                           "se_egt": None if a["se_egt"] is None else np.asarray(a["se_egt"], float).ravel().tolist()}
        out[name] = block
    (HERE / "csdid_reference.json").write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
