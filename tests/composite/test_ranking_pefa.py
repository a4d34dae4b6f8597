"""PEFA-style indicator scores: the M2 conversion table row by row, M1 (weakest link), invariants, bad input."""

from __future__ import annotations

import itertools
import json

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perfmethods.composite import PEFA_M2_TABLE, PEFAScoreResult, pefa_indicator_scores
from perfmethods.errors import InputError

#: PEFA Secretariat (2016), Framework for assessing public financial management, §2.2 "Scoring methodology",
#: Table 1 "Conversion table for M2 (AV) scoring methodology" (the same table as in the 2011 Framework), row by
#: row: the dimension scores as the table lists them → the overall M2 score.
#: These rows were entered without the PDF at hand; the consistency tests below check that they form one table
#: (one overall score per average of the dimension scores, the same cut-offs for 2, 3 and 4 dimensions).
M2_ROWS = """
DD D | DC D+ | DB C | DA C+ | CC C | CB C+ | CA B | BB B | BA B+ | AA A
DDD D | DDC D+ | DDB D+ | DDA C | DCC D+ | DCB C | DCA C+ | DBB C+ | DBA B | DAA B
CCC C | CCB C+ | CCA B | CBB B | CBA B | CAA B+ | BBB B | BBA B+ | BAA A | AAA A
DDDD D | DDDC D | DDDB D+ | DDDA D+ | DDCC D+ | DDCB D+ | DDCA C | DDBB C | DDBA C | DDAA C+
DCCC D+ | DCCB C | DCCA C | DCBB C | DCBA C+ | DCAA B | DBBB C+ | DBBA B | DBAA B | DAAA B+
CCCC C | CCCB C | CCCA C+ | CCBB C+ | CCBA B | CCAA B | CBBB B | CBBA B | CBAA B+ | CAAA B+
BBBB B | BBBA B+ | BBAA B+ | BAAA A | AAAA A
"""


def _published_rows() -> dict[str, str]:
    rows = {}
    for line in M2_ROWS.strip().splitlines():
        for cell in line.split("|"):
            dims, score = cell.split()
            rows[dims] = score
    return rows


PUBLISHED = _published_rows()
VALUE = {"D": 1, "C": 2, "B": 3, "A": 4}
ORDER = ["D", "D+", "C", "C+", "B", "B+", "A"]


# --- the published table -----------------------------------------------------------------------------------
@pytest.mark.reference
def test_every_row_of_the_m2_conversion_table():
    assert len(PUBLISHED) == 10 + 20 + 35  # every combination of 2, 3 and 4 dimension scores
    scores = {f"PI-{k}": list(dims) for k, dims in enumerate(PUBLISHED)}
    got = pefa_indicator_scores(scores, method="M2").scores
    assert dict(zip(PUBLISHED, got, strict=True)) == PUBLISHED
    assert PEFA_M2_TABLE == PUBLISHED


@pytest.mark.reference
@pytest.mark.parametrize("dims, score", [("BCA", "B"), ("ACB", "B"), ("CAB", "B"), ("ADCD", "C"), ("DDCD", "D")])
def test_m2_does_not_depend_on_the_order_of_the_dimensions(dims, score):
    assert pefa_indicator_scores({"PI": list(dims)}, method="M2").scores.iloc[0] == score


def test_the_table_is_one_function_of_the_average():
    """Each row's score depends only on the average of the dimension scores (A = 4 … D = 1), and one set of
    cut-offs serves the 2-, 3- and 4-dimension tables: the score never falls as the average rises."""
    by_average: dict[float, set[str]] = {}
    for dims, score in PUBLISHED.items():
        by_average.setdefault(round(np.mean([VALUE[d] for d in dims]), 6), set()).add(score)
    assert all(len(scores) == 1 for scores in by_average.values())
    ordered = [ORDER.index(next(iter(by_average[a]))) for a in sorted(by_average)]
    assert ordered == sorted(ordered)


# --- M1 and the rules around the table ---------------------------------------------------------------------
@pytest.mark.parametrize("dims, score", [("BCA", "C+"), ("CC", "C"), ("AAD", "D+"), ("BBBB", "B"), ("DA", "D+")])
def test_m1_weakest_link(dims, score):
    assert pefa_indicator_scores({"PI": list(dims)}, method="M1").scores.iloc[0] == score


def test_d_star_na_and_single_dimensions():
    frame = pd.DataFrame({"1": ["D*", "NA", "B", "NA"], "2": ["A", "C", None, "nu"], "3": [np.nan, "A", "", "NA"]},
                         index=["PI-6", "PI-7", "PI-8", "PI-9"])
    res = pefa_indicator_scores(frame, method={"PI-6": "M2", "PI-7": "M1", "PI-8": "M1", "PI-9": "M2"})
    assert res.scores.tolist() == ["C+", "C+", "B", "NA"]  # D*+A → DA; NA dropped; one dimension; nothing counted
    assert res.table["n_dimensions"].tolist() == [2, 2, 1, 0]
    assert res.table.loc["PI-6", "dimensions"] == "D* A"


@pytest.mark.property
@settings(max_examples=100)
@given(st.lists(st.sampled_from("ABCD"), min_size=1, max_size=4), st.randoms(use_true_random=False))
def test_m1_is_the_minimum_and_m2_lies_between_min_and_max(dims, rnd):
    m1 = pefa_indicator_scores({"PI": dims}, method="M1").scores.iloc[0]
    low = min(dims, key=VALUE.get)
    high = max(dims, key=VALUE.get)
    assert m1[0] == low and m1.endswith("+") == (low != high)
    shuffled = list(dims)
    rnd.shuffle(shuffled)
    m2 = pefa_indicator_scores({"PI": dims}, method="M2").scores.iloc[0]
    assert pefa_indicator_scores({"PI": shuffled}, method="M2").scores.iloc[0] == m2
    assert ORDER.index(low) <= ORDER.index(m2) <= ORDER.index(high)
    # M1's letter never exceeds M2 (its '+' can: C, C, C, B is C+ under M1 and C under M2)
    assert ORDER.index(m1[0]) <= ORDER.index(m2)


def test_every_combination_is_covered():
    for n in (2, 3, 4):
        for combo in itertools.combinations_with_replacement("DCBA", n):
            assert "".join(combo) in PEFA_M2_TABLE


# --- bad input and the result ------------------------------------------------------------------------------
def test_bad_input_is_named():
    frame = pd.DataFrame({"dim 1": ["B", "A"], "dim 2": ["C", "E"]}, index=["PI-1", "PI-2"])
    with pytest.raises(InputError, match="must be A, B, C, D or D\\*") as err:
        pefa_indicator_scores(frame)
    assert err.value.location == {"indicator": "PI-2", "dimension": "dim 2"}
    with pytest.raises(InputError, match="covers two to four dimensions"):
        pefa_indicator_scores({"PI-1": list("ABCDA")}, method="M2")
    with pytest.raises(InputError, match="names no method"):
        pefa_indicator_scores({"PI-1": ["A"], "PI-2": ["B"]}, method={"PI-1": "M1"})
    with pytest.raises(InputError, match="'method' parameter of pefa_indicator_scores must be one of"):
        pefa_indicator_scores({"PI-1": ["A", "B"]}, method="M3")
    with pytest.raises(InputError, match="list of dimension scores"):
        pefa_indicator_scores({"PI-1": "AB"})


def test_result_protocol():
    res = pefa_indicator_scores({"PI-1": ["A"], "PI-2": ["B", "C", "A"], "PI-3": ["NA"]}, method="M1")
    assert isinstance(res, PEFAScoreResult)
    assert res.summary().columns.tolist() == ["indicator", "method", "dimensions", "n_dimensions", "score"]
    json.dumps(res.to_dict(), allow_nan=False, ensure_ascii=False)
    fig, ax = plt.subplots()
    for language in ("zh", "en"):
        assert res.plot(ax=ax, language=language) is ax
    assert [t.get_text() for t in ax.get_xticklabels()] == ORDER
    plt.close(fig)
