"""Recomputing estimates from adoptions and statistics: what is shown, what is not, and why."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from benchmarking.models import StatisticValue
from evidence import services
from evidence.models import Adoption, EffectEstimate, Method, ReassessmentFlag, Status
from learning.factories import AppraisalFactory
from learning.models import AppraisalStatus
from pilots.factories import IndicatorFactory
from pilots.models import PilotIndicator

from .conftest import adoptions, kommun_codes, make_kpi_values, make_practice

pytestmark = pytest.mark.django_db


def _only(practice, gender="T"):
    return EffectEstimate.objects.get(practice=practice, gender=gender)


def _choose(practice, kpi):
    from evidence.models import OutcomeChoice

    OutcomeChoice.objects.create(practice=practice, kpi=kpi)


def test_a_planted_effect_is_estimated_with_interval_and_checks():
    adopted = adoptions(12)
    practice = make_practice(adopted)
    kpi = make_kpi_values("N10001", adopted, effect=3.0, genders=("T", "K", "M"))
    _choose(practice, kpi)
    report = services.estimates_recompute()
    assert report.shown == 3  # totalt, kvinnor, män
    estimate = _only(practice)
    assert estimate.method == Method.STAGGERED and estimate.status == Status.OK
    assert estimate.ci_low < 3.0 < estimate.ci_high
    assert estimate.excludes_zero
    assert estimate.adopters == 12 and estimate.comparison >= 60
    assert [row["e"] for row in estimate.by_year][:1] == [-5]
    assert estimate.pretrend_p is not None and not estimate.pretrend_flagged
    assert estimate.placebo["low"] <= 0 <= estimate.placebo["high"]
    assert estimate.naive > estimate.estimate  # the national trend lands in the naive figure
    assert Adoption.objects.filter(practice=practice).count() == 12


def test_the_kpi_of_a_lineage_indicator_is_an_outcome():
    adopted = adoptions(5)
    practice = make_practice(adopted)
    kpi = make_kpi_values("N10002", adopted, effect=0.0)
    adaptation = practice.original_pilot.adaptations.first()
    PilotIndicator.objects.create(
        pilot=adaptation, indicator=IndicatorFactory(kolada_kpi=kpi.pk.lower()), order=0
    )
    services.estimates_recompute()
    assert EffectEstimate.objects.filter(practice=practice, kpi=kpi).exists()


def test_fewer_than_three_adopters_show_no_number_and_say_why():
    adopted = adoptions(2)
    practice = make_practice(adopted)
    _choose(practice, make_kpi_values("N10003", adopted, effect=3.0))
    services.estimates_recompute()
    estimate = _only(practice)
    assert estimate.status == Status.TOO_FEW_ADOPTERS
    assert estimate.estimate is None and not estimate.shown


def test_adopters_with_short_history_are_left_out():
    adopted = dict.fromkeys(kommun_codes()[:4], 2011)  # one year of data before
    practice = make_practice(adopted)
    _choose(practice, make_kpi_values("N10004", adopted, effect=3.0))
    services.estimates_recompute()
    estimate = _only(practice)
    assert estimate.status == Status.TOO_FEW_PRE_YEARS
    assert estimate.left_out == 4 and estimate.estimate is None


def test_a_single_adopter_gets_a_synthetic_control():
    adopted = adoptions(1, first_year=2018)
    practice = make_practice(adopted)
    _choose(practice, make_kpi_values("N10005", adopted, effect=5.0))
    services.estimates_recompute()
    estimate = _only(practice)
    assert estimate.method == Method.SYNTHETIC
    assert estimate.ci_low < 5.0 < estimate.ci_high
    assert estimate.placebo["placebos"] >= 19
    assert sum(w for _code, w in estimate.details["donors"]) == pytest.approx(1.0, abs=0.02)


def test_private_pilots_and_suppressed_values_are_never_used():
    adopted = adoptions(6)
    private = set(list(adopted)[3:])
    practice = make_practice(adopted, private=private)
    # Kolada suppresses the values of adopters 2 and 3: null with a status.
    small = set(list(adopted)[1:3])
    _choose(practice, make_kpi_values("N10006", adopted, effect=3.0, suppressed=small))
    services.estimates_recompute()
    estimate = _only(practice)
    # 6 adopters: 3 private (not adoptions), 2 of the public ones suppressed → 1 left.
    assert set(Adoption.objects.values_list("kommun_code", flat=True)) == set(adopted) - private
    assert estimate.adopters == 1
    assert StatisticValue.objects.filter(kpi_id="N10006", value__isnull=True).exists()


def test_lower_is_better_and_unset_directions_are_kept_with_the_estimate():
    adopted = adoptions(8)
    practice = make_practice(adopted)
    _choose(practice, make_kpi_values("N10007", adopted, effect=-3.0, direction="lower"))
    services.estimates_recompute()
    estimate = _only(practice)
    assert estimate.details["direction"] == "lower"
    assert estimate.ci_high < 0
    from evidence.compute import is_improvement

    assert is_improvement(estimate.estimate, "lower") is True
    assert is_improvement(estimate.estimate, "") is None  # not chosen yet: no better or worse


def test_an_appraisal_is_flagged_when_an_estimate_first_excludes_zero_and_when_it_no_longer_does():
    adopted = adoptions(10)
    practice = make_practice(adopted)
    kpi = make_kpi_values("N10008", adopted, effect=0.0)
    _choose(practice, kpi)
    appraisal = AppraisalFactory(
        practice=practice,
        status=AppraisalStatus.PUBLISHED,
        published_at=timezone.now(),
        reassess_by=dt.date(2030, 1, 1),
    )
    services.estimates_recompute()
    assert not _only(practice).excludes_zero
    assert not ReassessmentFlag.objects.exists()
    # New statistics: the adopters improve by 4 from their adoption year.
    for code, year in adopted.items():
        for value in StatisticValue.objects.filter(kpi=kpi, area=code, year__gte=year):
            value.value += 4
            value.save()
    services.estimates_recompute()
    flag = ReassessmentFlag.objects.get()
    assert flag.reason == ReassessmentFlag.Reason.NOW_EXCLUDES_ZERO and flag.appraisal == appraisal
    appraisal.refresh_from_db()
    assert appraisal.reassess_by == timezone.localdate()
    services.estimates_recompute()  # nothing changed: no second flag
    assert ReassessmentFlag.objects.count() == 1
    StatisticValue.objects.filter(kpi=kpi, area__in=list(adopted)).delete()
    # The adopters' series are gone: no number, so the estimate no longer excludes zero.
    services.estimates_recompute()
    assert ReassessmentFlag.objects.filter(reason=ReassessmentFlag.Reason.NO_LONGER).exists()


def test_only_the_appraisal_group_chooses_outcomes(appraiser, reporter):
    adopted = adoptions(3)
    practice = make_practice(adopted)
    make_kpi_values("N10009", adopted, effect=0.0)
    with pytest.raises(PermissionDenied):
        services.outcome_choose(practice=practice, kpi_id="N10009", actor=reporter)
    with pytest.raises(ValidationError):
        services.outcome_choose(practice=practice, kpi_id="N99999", actor=appraiser)
    choice = services.outcome_choose(practice=practice, kpi_id="n10009", actor=appraiser)
    assert choice.kpi_id == "N10009"
    with pytest.raises(ValidationError):
        services.outcome_choose(practice=practice, kpi_id="N10009", actor=appraiser)


def test_a_finished_import_recomputes_every_practice_once_after_commit(
    django_capture_on_commit_callbacks,
):
    from benchmarking.models import ImportRun

    adopted = adoptions(4)
    practice = make_practice(adopted)
    _choose(practice, make_kpi_values("N10010", adopted, effect=3.0))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        run = ImportRun.objects.create(file_name="a.json", kind=ImportRun.Kind.JSON)
        run.status = ImportRun.Status.SUCCEEDED
        run.save()
        run.save()
    assert len(callbacks) == 1  # queued once per transaction
    assert _only(practice).shown


def test_a_changed_start_date_recomputes_the_practice(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        practice = make_practice(adoptions(4))
        pilot = practice.original_pilot.adaptations.first()
        pilot.start_date = dt.date(2019, 6, 1)
        pilot.end_date = dt.date(2022, 1, 1)
        pilot.save()
    # The practice's creation and its pilots' changes in one transaction: one recompute.
    assert [getattr(c, "outbox_key", "") for c in callbacks].count(f"evidence:{practice.pk}") == 1
    code = pilot.kommuner.get().code
    assert Adoption.objects.get(practice=practice, kommun_code=code).year == 2019
