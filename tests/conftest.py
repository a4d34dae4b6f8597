"""Suite-wide test settings.

Hypothesis: no per-example deadline (the suite runs on a shared 2-core machine, where a slow example is not
a failure) and derandomised examples, so that CI runs are reproducible: a property test that fails, fails
every time, with the same falsifying example. Set HYPOTHESIS_PROFILE=explore to search with fresh random
examples locally.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci", deadline=None, derandomize=True, print_blob=True, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("explore", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
