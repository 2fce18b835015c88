"""How long the fuzz tests run: ~200 examples each by default, ``FUZZ_EXAMPLES=n`` for a longer run."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "200")),
    deadline=None,
    database=None,  # nothing written into the project; a failure prints its example to reproduce it
    suppress_health_check=[HealthCheck.too_slow],
)
