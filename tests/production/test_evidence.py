"""Issue 21 on the production stack: a Kolada statistics import queues the recompute of the
effect estimates through the outbox after commit, the Celery worker process computes them, and
the practice page served by gunicorn shows the stored estimate.

The practice, its adoptions (public pilots in 12 kommuner with start years) and the appraisal
group's outcome KPI are set up in the test process, which has no broker (its jobs run eagerly),
so no estimate can be computed there: the KPI has no values yet. The values then arrive as
production brings them, `manage.py import_kolada` on a Kolada v3 JSON file, run as its own
process with the stack's production environment; only the worker can compute the estimate.
"""

import json
import random
import subprocess
import sys
import time

from evidence import services
from evidence.models import EffectEstimate, Status
from learning.rules import ensure_appraisal_group
from partners.factories import UserFactory
from tests.evidence.conftest import YEARS, adoptions, kommun_codes, make_practice
from tests.production import stack

KPI = "N07950"
EFFECT = 3.0
ADOPTERS = 12


def kolada_file(path, adopted: dict[str, int]) -> None:
    """Kolada API v3 data for 80 kommuner × 15 years, T/K/M, with +EFFECT from adoption on."""
    rng = random.Random(21)
    values = []
    for code in kommun_codes()[:80]:
        level = rng.gauss(40, 5)
        for year in YEARS:
            total = level + 0.4 * (year - YEARS[0]) + rng.gauss(0, 1.0)
            if code in adopted and year >= adopted[code]:
                total += EFFECT
            cells = [
                {"gender": gender, "value": round(total + shift, 2), "count": 1, "status": None}
                for gender, shift in (("T", 0.0), ("K", 1.0), ("M", -1.0))
            ]
            values.append({"kpi": KPI, "municipality": code, "period": year, "values": cells})
    path.write_text(json.dumps({"values": values, "count": len(values)}), encoding="utf-8")


def wait_for_estimate(practice, *, timeout: float = 120) -> EffectEstimate:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = EffectEstimate.objects.filter(practice=practice, kpi_id=KPI, gender="T").first()
        if found is not None and found.status == Status.OK:
            return found
        time.sleep(0.5)
    raise AssertionError(f"no estimate of {KPI} after {timeout} s (last: {found})")


def test_an_import_recomputes_the_estimate_in_the_worker_and_the_page_shows_it(live, tmp_path):
    from benchmarking.models import Kpi, KpiDirection

    adopted = adoptions(ADOPTERS)
    practice = make_practice(adopted, title="Träffpunkter för äldre")
    Kpi.objects.create(
        id=KPI, title="Andel äldre som känner sig ensamma", unit="%", direction=KpiDirection.HIGHER
    )
    appraiser = UserFactory()
    appraiser.groups.add(ensure_appraisal_group())
    services.outcome_choose(practice=practice, kpi_id=KPI, actor=appraiser)
    # The eager recompute on commit found no values: nothing to show yet.
    assert not EffectEstimate.objects.filter(practice=practice, status=Status.OK).exists()

    data = tmp_path / "kolada-N07950.json"
    kolada_file(data, adopted)
    imported = subprocess.run(
        [sys.executable, "manage.py", "import_kolada", str(data)],
        cwd=stack.ROOT,
        env=live.env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert imported.returncode == 0, imported.stderr
    assert "Import #" in imported.stdout and "3600 nya" in imported.stdout

    estimate = wait_for_estimate(practice)
    assert estimate.adopters == ADOPTERS and estimate.comparison >= 60
    assert estimate.ci_low < EFFECT < estimate.ci_high and estimate.excludes_zero
    assert EffectEstimate.objects.filter(practice=practice, status=Status.OK).count() == 3

    response = live.session().get(practice.get_absolute_url())
    assert response.status_code == 200
    html = response.text
    assert "Effekt i kommunerna som infört arbetssättet" in html
    assert f"{ADOPTERS} kommuner har infört" in html
    assert '<svg class="effect-chart"' in html and "Placebotest" in html
    csv = live.session().get(f"/kunskapsbank/praktiker/{practice.slug}/effekter.csv")
    assert csv.status_code == 200 and KPI in csv.text
