"""Time the estimation of every practice at national scale, in memory: 1 000 practices, one
outcome KPI each in T/K/M, 290 kommuner × 15 years (simulated series, nothing written)."""

import time

import numpy as np
from django.core.management.base import BaseCommand

from benchmarking.models import Kpi, KpiDirection
from evidence import compute, simulate


class Command(BaseCommand):
    help = "Measure the CPU time of estimating 1 000 practices × 3 kön at national scale."

    def add_arguments(self, parser):
        parser.add_argument("--practices", type=int, default=1000)
        parser.add_argument("--seed", type=int, default=7)

    def handle(self, *args, practices, seed, **options):
        rng = np.random.default_rng(seed)
        kpi = Kpi(id="N00000", title="simulated", direction=KpiDirection.HIGHER)
        codes = [f"{i:04d}" for i in range(simulate.KOMMUNER)]
        outcomes = []
        for gender in ("T", "K", "M"):
            panel = simulate.panel(rng, effect=0.0, adopters=0, scenario="random")
            outcomes.append(compute.Outcome(kpi, gender, codes, panel.years, panel.values))
        plans = []
        for _ in range(practices):
            n = int(rng.integers(1, 31))
            rows = rng.choice(len(codes), size=n, replace=False)
            plans.append({codes[r]: int(rng.integers(2012, 2024)) for r in rows})
        start_cpu, start = time.process_time(), time.perf_counter()
        shown = 0
        for adopted in plans:
            for outcome in outcomes:
                shown += compute.estimate_outcome(outcome, adopted).estimate is not None
        cpu, wall = time.process_time() - start_cpu, time.perf_counter() - start
        self.stdout.write(
            f"{practices} practices × 3 kön ({3 * practices} estimates, {shown} with a number): "
            f"{wall:.1f} s wall, {cpu:.1f} s CPU, {1000 * wall / (3 * practices):.1f} ms each"
        )
