"""Demo programmes for `seed_demo`: a national programme run by a state agency with five pilots
across three stages (2 + 2 + 1 years) and gate decisions, and a kommun's social investment fund
with a few pilots, payouts and expected and realised savings.

Deterministic (pilots picked by slug from the pilots demo), idempotent (keyed on the programme's
slug) and built through the services, so the audit trail looks like real use. Figures are invented.
"""

from datetime import date, timedelta

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from partners.models import Membership, Organisation, Role
from pilots.models import Indicator, Pilot, PilotStatus, Visibility
from pilots.periods import generate_periods
from programmes import services
from programmes.models import Decision, Programme, ProgrammeKind

NOTE = "Demoprogram: uppgifterna är påhittade."


def _admin(organisation):
    membership = (
        Membership.objects.filter(organisation=organisation, role=Role.ADMIN)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return membership.user if membership else None


def _pilots(exclude=(), count=5) -> tuple[Indicator | None, list[Pilot]]:
    """`count` public, running pilots that share the most followed library indicator."""
    running = (
        Pilot.objects.filter(visibility=Visibility.PUBLIC)
        .exclude(status=PilotStatus.DRAFT)
        .exclude(slug__in=exclude)
    )
    indicator = (
        Indicator.objects.library()
        .exclude(measure="qualitative")
        .filter(pilot_links__pilot__in=running)
        .annotate(n=Count("pilot_links"))
        .order_by("-n", "name")
        .first()
    )
    if indicator is None:
        return None, list(running.order_by("slug")[:count])
    return indicator, list(running.filter(indicators__indicator=indicator).order_by("slug")[:count])


def _shared_percent(pilots) -> Indicator | None:
    """The library percent indicator most of `pilots` follow, so the programme shows a share
    aggregated as the ratio of summed numerators to summed denominators."""
    return (
        Indicator.objects.library()
        .filter(measure="percent", pilot_links__pilot__in=pilots)
        .annotate(n=Count("pilot_links"))
        .order_by("-n", "name")
        .first()
    )


def _national(today: date) -> Programme | None:
    owner = Organisation.objects.filter(slug="folkhalsomyndigheten-demo").first()
    actor = _admin(owner) if owner else None
    indicator, pilots = _pilots()
    if actor is None or len(pilots) < 5:
        return None
    start = date(today.year - 2, 1, 1)
    programme = services.programme_create(
        actor=actor,
        owner=owner,
        name="Friska miljöer – nationellt program (demo)",
        kind=ProgrammeKind.STATE,
        purpose="Att pröva hälsofrämjande miljöer i fem piloter och skala upp det som fungerar. "
        + NOTE,
        # The pilots are picked by a shared indicator, not by age group: the vision names none.
        vision="Människor i alla åldrar lever i miljöer som gör det lätt att röra sig, äta bra, "
        "ha gemenskap och må bra.",
        budget_sek=60_000_000,
        start_date=start,
        end_date=date(start.year + 4, 12, 31),
        cadence="half_year",
        visibility="public",
        principles=["Samverkan över huvudmannagränser", "Jämlikhet", "Lärande och öppenhet"],
        shared_indicators=[i for i in (indicator, _shared_percent(pilots)) if i],
    )
    stages = [
        services.stage_add(
            programme=programme,
            actor=actor,
            name=name,
            start_date=date(start.year + a, 1, 1),
            gate_date=date(start.year + b, 12, 31),
        )
        for name, a, b in (
            ("Fas 1: pröva", 0, 1),
            ("Fas 2: utveckla", 2, 3),
            ("Fas 3: skala upp", 4, 4),
        )
    ]
    memberships = [
        services.pilot_add(
            programme=programme,
            pilot=p,
            actor=actor,
            funding_granted_sek=8_000_000 + 500_000 * i,
            note=NOTE,
        )
        for i, p in enumerate(pilots)
    ]
    if stages[0].gate_date < today:
        outcomes = [
            Decision.CONTINUE,
            Decision.CONTINUE,
            Decision.SCALE,
            Decision.CONTINUE_WITH_CHANGES,
            Decision.STOP,
        ]
        for membership, outcome in zip(memberships, outcomes, strict=True):
            if outcome == Decision.CONTINUE_WITH_CHANGES:
                services.gate_decision_record(
                    membership=membership,
                    stage=stages[0],
                    decision=Decision.STOP,
                    actor=actor,
                    rationale="Svag rapportering under första året.",
                )
            services.gate_decision_record(
                membership=membership,
                stage=stages[0],
                decision=outcome,
                actor=actor,
                rationale={
                    Decision.CONTINUE: "Piloten följer planen och rapporterar i tid.",
                    Decision.SCALE: "Tydliga resultat; fler kommuner ska erbjudas arbetssättet.",
                    Decision.CONTINUE_WITH_CHANGES: "Ny analys visar resultat; fortsätt med skärpt uppföljning.",  # noqa: E501
                    Decision.STOP: "Målgruppen nås inte; medlen omfördelas.",
                }[outcome],
            )
    periods = [
        p
        for p in generate_periods(programme.start_date, programme.end_date, "half_year")
        if p.end < today
    ]
    if periods:
        last = periods[-1]
        report = services.progress_report_compile(
            programme=programme, actor=actor, period_start=last.start, period_end=last.end
        )
        services.progress_report_update_summary(
            report=report,
            actor=actor,
            summary="Fyra av fem piloter går vidare efter första beslutspunkten. Resultaten på den gemensamma "  # noqa: E501
            "indikatorn är sammanställda från godkända rapporter. " + NOTE,
        )
        services.progress_report_publish(report=report, actor=actor)
    return programme


def _fund(today: date, exclude) -> Programme | None:
    owner = Organisation.objects.filter(slug="umea-kommun").first()
    actor = _admin(owner) if owner else None
    _indicator, pilots = _pilots(exclude=exclude, count=3)
    if actor is None or len(pilots) < 3:
        return None
    start = date(today.year - 2, 1, 1)
    programme = services.programme_create(
        actor=actor,
        owner=owner,
        name="Umeå kommuns sociala investeringsfond (demo)",
        kind=ProgrammeKind.SOCIAL_INVESTMENT_FUND,
        purpose="Fonden finansierar tidiga insatser som väntas minska kommunens och regionens kostnader. "  # noqa: E501
        + NOTE,
        vision="Förebyggande insatser som betalar sig och återinvesteras.",
        budget_sek=15_000_000,
        start_date=start,
        end_date=date(start.year + 5, 12, 31),
        cadence="half_year",
        visibility="public",
        principles=["Tidig insats", "Mätbara effekter"],
    )
    for i, pilot in enumerate(pilots):
        granted = 2_000_000 + 1_000_000 * i
        membership = services.pilot_add(
            programme=programme,
            pilot=pilot,
            actor=actor,
            funding_granted_sek=granted,
            repayment_share=50,
            note=NOTE,
        )
        for n in range(3):
            services.payout_record(
                membership=membership,
                actor=actor,
                paid_on=start + timedelta(days=180 * n),
                amount_sek=granted // 4,
                note="Delutbetalning",
            )
        for year_offset, (actor_kind, amount) in enumerate(
            [("kommun", 600_000), ("kommun", 900_000), ("region", 400_000)]
        ):
            services.expected_saving_set(
                membership=membership,
                actor=actor,
                saving_actor=actor_kind,
                year=start.year + 1 + year_offset,
                amount_sek=amount * (i + 1),
            )
        if i < 2:
            services.realised_saving_set(
                membership=membership,
                actor=actor,
                saving_actor="kommun",
                year=start.year + 1,
                amount_sek=450_000 * (i + 1),
                evidence="Färre placeringar enligt socialtjänstens verksamhetssystem (demo).",
            )
        if i == 0:
            services.repayment_record(
                membership=membership,
                actor=actor,
                paid_on=date(start.year + 2, 3, 31),
                amount_sek=100_000,
                note="Första återbetalningen (demo)",
            )
    return programme


@transaction.atomic
def seed(stdout=None, *, today: date | None = None) -> dict[str, int]:
    """Create the demo programmes that do not exist yet (matched on slug). Returns counts."""
    today = today or timezone.localdate()
    created = 0
    national = Programme.objects.filter(name="Friska miljöer – nationellt program (demo)").first()
    if national is None:
        national = _national(today)
        created += national is not None
    used = list(national.pilot_links.values_list("pilot__slug", flat=True)) if national else []
    if not Programme.objects.filter(name="Umeå kommuns sociala investeringsfond (demo)").exists():
        created += _fund(today, used) is not None
    counts = {"programmes": Programme.objects.count(), "created": created}
    if stdout:
        stdout.write(f"Programmes: {counts}")
    return counts
