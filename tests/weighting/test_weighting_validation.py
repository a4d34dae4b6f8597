"""Options of the weighting functions are checked by perfmethods.validation, in its one message form."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from perfmethods.errors import InputError
from perfmethods.weighting import ahp, combine_weights, entropy_weights, perturb_judgments, perturb_weights

M = np.array([[1, 3, 5], [1 / 3, 1, 2], [1 / 5, 1 / 2, 1]])
SCORES = pd.DataFrame([[0.9, 0.5, 0.4], [0.6, 0.8, 0.7]], columns=["a", "b", "c"])
W = pd.Series([0.5, 0.3, 0.2], index=["a", "b", "c"])


def test_seed_zero_is_a_seed_and_reproducible():
    a = perturb_weights(W, SCORES, draws=50, seed=0)
    b = perturb_weights(W, SCORES, draws=50, seed=0)
    c = perturb_weights(W, SCORES, draws=50, seed=1)
    np.testing.assert_array_equal(a.weights, b.weights)
    assert not np.array_equal(a.weights, c.weights)


@pytest.mark.parametrize("seed", [None, -1, 1.5, True])
def test_bad_seed_is_refused_in_the_shared_form(seed):
    with pytest.raises(InputError, match=r"The 'seed' parameter of perturb_weights must be an integer >= 0"):
        perturb_weights(W, SCORES, draws=5, seed=seed)
    with pytest.raises(InputError, match=r"The 'seed' parameter of perturb_judgments"):
        perturb_judgments(pd.DataFrame(M, index=list("abc"), columns=list("abc")), SCORES, draws=5, seed=seed)


def test_options_name_the_function_and_the_choices():
    with pytest.raises(InputError, match=r"'method' parameter of ahp must be one of .*got 'power'"):
        ahp(M, method="power")
    with pytest.raises(InputError, match=r"The 'cr_threshold' parameter of ahp must be a number in \(0, 1\)"):
        ahp(M, cr_threshold=1.5)
    with pytest.raises(InputError, match=r"The 'method' parameter of combine_weights must be one of"):
        combine_weights([W, W], method="mean")
    with pytest.raises(InputError, match=r"The 'zero_handling' parameter of entropy_weights must be one of"):
        entropy_weights(SCORES, zero_handling="drop")
    with pytest.raises(InputError, match=r"'draws' parameter of perturb_weights must be an integer in \["):
        perturb_weights(W, SCORES, draws=0)
    with pytest.raises(InputError, match=r"'concentration' parameter of perturb_weights must be a number"):
        perturb_weights(W, SCORES, concentration=0)
