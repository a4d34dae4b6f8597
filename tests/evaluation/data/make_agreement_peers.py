"""Regenerate agreement_peers.json: peer results for tests/evaluation/test_agreement.py.

Run in a throwaway virtualenv (not the project's):
    python -m venv /tmp/peervenv && /tmp/peervenv/bin/pip install pingouin==0.7.0 krippendorff==0.9.0
    /tmp/peervenv/bin/python tests/evaluation/data/make_agreement_peers.py
Peers: pingouin 0.7.0 (intraclass_corr, cronbach_alpha), krippendorff 0.9.0 (alpha).
The data sets are in agreement_data.json beside this script (with their sources).
"""

import json
from pathlib import Path

import krippendorff
import numpy as np
import pandas as pd
import pingouin as pg

HERE = Path(__file__).parent
data = json.loads((HERE / "agreement_data.json").read_text(encoding="utf-8"))
out = {"peers": {"pingouin": pg.__version__, "krippendorff": "0.9.0"}, "icc": {}, "cronbach": {}, "krippendorff": {}}
for name in ("shrout_fleiss_1979", "anxiety", "survey_items"):
    x = np.array(data[name]["values"], dtype=float)
    n, k = x.shape
    long = pd.DataFrame({"target": np.repeat(np.arange(n), k), "rater": np.tile(np.arange(k), n),
                         "score": x.ravel()})
    res = pg.intraclass_corr(long, targets="target", raters="rater", ratings="score")
    out["icc"][name] = {r["Type"]: {"icc": r["ICC"], "f": r["F"], "df1": r["df1"], "df2": r["df2"],
                                    "p_value": r["pval"], "ci_low": r["CI95"][0], "ci_high": r["CI95"][1]}
                        for r in res.to_dict(orient="records")}
    a, ci = pg.cronbach_alpha(pd.DataFrame(x))
    out["cronbach"][name] = {"alpha": a, "ci_low": ci[0], "ci_high": ci[1]}
for name in ("krippendorff_2011", "shrout_fleiss_1979_t"):
    if name == "shrout_fleiss_1979_t":
        x = np.array(data["shrout_fleiss_1979"]["values"], dtype=float).T
    else:
        x = np.array([[np.nan if v is None else v for v in row] for row in data[name]["values"]], dtype=float)
    out["krippendorff"][name] = {lvl: krippendorff.alpha(reliability_data=x, level_of_measurement=lvl)
                                 for lvl in ("nominal", "ordinal", "interval", "ratio")}
(HERE / "agreement_peers.json").write_text(json.dumps(out, indent=1, default=float), encoding="utf-8")
print(json.dumps(out, indent=1, default=float))
