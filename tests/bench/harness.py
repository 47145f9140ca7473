"""Where bench_storage.py still finds ``percentile``: the runner now lives in tests.support.load."""

from __future__ import annotations

from tests.support.load import measure, percentile

__all__ = ["measure", "percentile"]
