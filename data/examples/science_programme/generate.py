"""Regenerate the synthetic science-and-technology programme data set (all data are synthetic).

Run from the repository root::

    .venv/bin/python data/examples/science_programme/generate.py

It calls :func:`perfmethods.datasets.simulate_science_programme` with its default seed
(``SCIENCE_PROGRAMME_SEED`` = 20261128) and writes ``panel.csv``, ``applications.csv``,
``publications.csv``, ``monthly.csv``, ``regions.csv`` and the planted effects ``truth.json`` next to
this script. The columns and planted effects are documented in ``README.md``.
"""

from __future__ import annotations

import json
from pathlib import Path

from perfmethods.datasets import SCIENCE_PROGRAMME_SEED, simulate_science_programme


def main() -> None:
    here = Path(__file__).resolve().parent
    data, truth = simulate_science_programme(SCIENCE_PROGRAMME_SEED)
    for name, frame in data.items():
        frame.to_csv(here / f"{name}.csv", index=False, encoding="utf-8", lineterminator="\n")
    (here / "truth.json").write_text(json.dumps(truth, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
