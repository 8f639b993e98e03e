"""Public programme pages: the list and a programme's page (vision, stages, pilots, results,
reports)."""

from django.shortcuts import render

from partners.models import Organisation
from programmes import rules, selectors

from .common import context, display_rows, load, page_of


def _may_create(user) -> bool:
    return Organisation.objects.approved().filter(rules.programme_creatable_for_q(user)).exists()


def programme_list(request):
    programmes = page_of(request, selectors.programme_list(user=request.user))
    return render(
        request,
        "programmes/programme_list.html",
        {"programmes": programmes, "may_create": _may_create(request.user)},
    )


def programme_detail(request, slug):
    programme = load(request, slug)
    pilots = page_of(
        request, selectors.public_pilots(programme=programme, user=request.user), size=50
    )
    accepted = len(selectors.accepted_pilot_ids(programme))
    reports = selectors.progress_reports(user=request.user, programme=programme).published()[:10]
    own_pilots = selectors.own_memberships(programme=programme, user=request.user)
    return render(
        request,
        "programmes/programme_detail.html",
        context(
            request,
            programme,
            stages=list(programme.stages.all()),
            aggregates=display_rows(
                selectors.programme_aggregates(
                    programme=programme,
                    pilot_ids=selectors.aggregate_pilot_ids(programme=programme, user=request.user),
                )
            ),
            pilots=pilots,
            hidden_pilots=max(accepted - pilots.paginator.count, 0),
            reports=reports,
            own_pilots=own_pilots,
        ),
    )
