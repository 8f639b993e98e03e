"""The evidence app's parts of other apps' pages, through hooks those apps call (see
learning.views and benchmarking.views): the estimates on a practice page, beside an appraisal,
and "kommuner like yours that improved" on a benchmark page."""

from django.template.loader import render_to_string
from wagtail import hooks

from evidence import presentation, selectors
from evidence.models import OutcomeChoice
from learning.rules import can_appraise
from partners.models import Kommun


@hooks.register("learning_practice_sections")
def practice_section(request, practice) -> str:
    estimates = selectors.practice_estimates(practice=practice)
    appraiser = can_appraise(request.user)
    return render_to_string(
        "evidence/_practice_section.html",
        {
            "practice": practice,
            "items": [presentation.view(e, i) for i, e in enumerate(estimates, start=1)],
            "caveats": presentation.CAVEATS,
            "can_choose": appraiser,
            "choices": (
                list(OutcomeChoice.objects.filter(practice=practice).select_related("kpi"))
                if appraiser
                else []
            ),
        },
        request=request,
    )


@hooks.register("learning_appraisal_sections")
def appraisal_section(request, appraisal) -> str:
    estimates = selectors.practice_estimates(practice=appraisal.practice)
    return render_to_string(
        "evidence/_appraisal_section.html",
        {
            "appraisal": appraisal,
            "items": [
                presentation.view(e, 100 + i) for i, e in enumerate(estimates, start=1) if e.shown
            ],
            "not_shown": [e for e in estimates if not e.shown],
            "flags": selectors.open_flags(appraisal=appraisal),
        },
        request=request,
    )


@hooks.register("benchmarking_indicator_sections")
def improved_peers(request, *, subject, items, peers, gender, last, **kwargs) -> None:
    """For each Kolada indicator where a kommun lags its peers' mean: the peers that improved
    most, what they adopted before, and each practice's estimate."""
    lagging = [i for i in items if i.origin == "kolada" and i.comparison == "worse"]
    if not subject.is_kommun or not lagging or not peers.codes:
        return
    names = dict(Kommun.objects.filter(code__in=peers.codes).values_list("code", "name"))
    from benchmarking.models import Kpi

    kpis = Kpi.objects.in_bulk([i.key for i in lagging])
    for item in lagging:
        kpi = kpis.get(item.key)
        if kpi is None:
            continue
        improved = selectors.peers_that_improved(
            kpi=kpi, gender=gender, peers=names, last=item.rank_year or last, user=request.user
        )
        item.sections.append(
            render_to_string(
                "evidence/_improved_peers.html",
                {
                    "item": item,
                    "subject": subject,
                    "improved": improved,
                    "span": selectors.IMPROVED_SPAN,
                    "last": item.rank_year or last,
                },
                request=request,
            )
        )
