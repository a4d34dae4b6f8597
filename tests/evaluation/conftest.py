"""Fixtures of the evaluation tests: a non-interactive plotting backend."""

import matplotlib

matplotlib.use("Agg")
