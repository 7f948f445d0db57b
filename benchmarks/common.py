"""Timing helpers shared by the benchmarks."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Result:
    name: str
    median_ms: float
    floor_ms: float | None = None

    def line(self) -> str:
        text = f"{self.name}: median {self.median_ms:.2f} ms"
        if self.floor_ms is not None and self.floor_ms > 0:
            text += f"; floor {self.floor_ms:.2f} ms; ratio {self.median_ms / self.floor_ms:.2f}"
        return text


def median_ms(action: Callable[[], object], repeat: int, warmup: int = 1) -> float:
    for _ in range(warmup):
        action()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)
