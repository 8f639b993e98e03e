"""The evidence app's parts of other apps' pages, through hooks those apps call (see
learning.views and benchmarking.views): the estimates on a practice page, beside an appraisal,
and "kommuner like yours that improved" on a benchmark page."""

from django.template.loader import render_to_string
from wagtail import hooks

from benchmarking import compute
from benchmarking.selectors import area_choices
from evidence import presentation, selectors
from evidence.models import OutcomeChoice
from learning.rules import can_appraise


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


# The verdicts below the best quarter; until the verdict followed the rank, "worse than the
# peers' mean" (roughly the lower half).
LAGGING = (compute.MIDDLE, compute.WORST_QUARTER)


@hooks.register("benchmarking_indicator_sections")
def improved_peers(request, *, subject, items, peers, gender, last, **kwargs) -> None:
    """For each Kolada indicator where a kommun is not among the best quarter of its peers (the
    benchmark's verdict on its rank, benchmarking.compute.standing): the peers that improved
    most, what they adopted before, and each practice's estimate."""
    lagging = [i for i in items if i.origin == "kolada" and i.comparison in LAGGING]
    if not subject.is_kommun or not lagging or not peers.codes:
        return
    # The kommun names are cached reference data; the KPIs' directions are on the items.
    kommuner = dict(area_choices()["kommuner"])
    names = {code: kommuner.get(code, code) for code in peers.codes}
    # Every lagging KPI at once (a constant number of queries however many lag).
    improved = selectors.peers_that_improved_on(
        [(i.key, i.direction, i.rank_year or last) for i in lagging],
        gender=gender,
        peers=names,
        user=request.user,
    )
    for item in lagging:
        item.sections.append(
            render_to_string(
                "evidence/_improved_peers.html",
                {
                    "item": item,
                    "subject": subject,
                    "improved": improved.get(item.key, []),
                    "span": selectors.IMPROVED_SPAN,
                    "last": item.rank_year or last,
                },
                request=request,
            )
        )
