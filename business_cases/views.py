"""A pilot's business case: the results page, the editor, the XLSX export and a printable page.

Each view parses input, checks permission, calls one selector or service and renders. The
numbers come from business_cases.report (business_cases.economics underneath); the charts from
business_cases.charts.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _

from business_cases import rules, services
from business_cases import selectors as selectors
from business_cases.charts import format_pct, format_sek, gap_svg, tornado_svg
from business_cases.forms import CaseForm, LineFormSet, UnitLineForm, input_number
from business_cases.models import BusinessCase, UnitCost
from business_cases.report import actor_pages, build_report
from business_cases.services.input import ambiguity, parse_decimal
from business_cases.xlsx.workbook import workbook_bytes
from core.forms import add_service_errors
from pilots.models import PilotIndicator

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _comparison_from(request) -> tuple[float | None, str]:
    raw = request.GET.get("ranta", "").strip()
    if not raw:
        return None, ""
    try:
        rate = parse_decimal(raw)
    except ValueError as error:
        return None, ambiguity(error) or _("Ange räntan som ett tal i procent, till exempel 5.")
    if rate is None or not -10 <= rate <= 100:
        return None, _("Räntan måste ligga mellan −10 och 100 %.")
    return float(rate) / 100, ""


def _charts(report) -> dict:
    labels = report.tornado_labels
    bars = [(labels[b.parameter], b.low_npv, b.high_npv) for b in report.tornado]
    widest = report.tornado_rows[0] if report.tornado_rows else None
    tornado = tornado_svg(
        bars,
        base=report.result.total.npv,
        title=_("Tornadodiagram: hur nuvärdet reagerar på antagandena"),
        desc=_(
            "Grundfall: nettonuvärde %(base)s. Störst påverkan har %(widest)s: från %(low)s "
            "till %(high)s jämfört med grundfallet."
        )
        % {
            "base": format_sek(report.result.total.npv),
            "widest": widest.label if widest else "–",
            "low": format_sek(widest.worse, signed=True) if widest else "–",
            "high": format_sek(widest.better, signed=True) if widest else "–",
        },
        base_label=_("Grundfall: nettonuvärde"),
        axis_label=_("Förändring av nettonuvärdet jämfört med grundfallet"),
    )
    payers = ", ".join(f"{r.label} {format_pct(r.cost_share)}" for r in report.payers) or _("ingen")
    gainers = ", ".join(f"{r.label} {format_pct(r.benefit_share)}" for r in report.gainers) or _(
        "ingen"
    )
    gap = gap_svg(
        [(r.label, r.result.pv_costs, r.result.pv_benefits) for r in report.actors],
        title=_("Vem betalar och vem vinner (nuvärden)"),
        desc=_("Andel av kostnaderna: %(payers)s. Andel av nyttorna: %(gainers)s.")
        % {"payers": payers, "gainers": gainers},
        cost_label=_("betalar"),
        benefit_label=_("vinner"),
    )
    return {"tornado_svg": mark_safe(tornado), "gap_svg": mark_safe(gap)}


def business_case_view(request, slug):
    pilot = selectors.visible_pilot(slug=slug, user=request.user)
    data = selectors.business_case_load(pilot=pilot, user=request.user)
    can_edit = rules.can_edit_case(request.user, pilot)
    if data is None:
        exists = BusinessCase.objects.filter(pilot=pilot).exists()
        if not can_edit or exists:
            raise Http404
        return render(request, "business_cases/empty.html", {"pilot": pilot})
    rate, rate_error = _comparison_from(request)
    report = build_report(data, comparison_rate=rate)
    return render(
        request,
        "business_cases/detail.html",
        {
            "pilot": pilot,
            "case": data.case,
            "data": data,
            "report": report,
            "can_edit": can_edit,
            "rate_error": rate_error,
            "rate_input": request.GET.get("ranta", ""),
            **_charts(report),
        },
    )


def business_case_print(request, slug):
    """The printable case; with `?sidor=aktorer` one A4 page per actor for a nämnd."""
    data = selectors.business_case_detail(slug=slug, user=request.user)
    report = build_report(data)
    if request.GET.get("sidor") == "aktorer":
        return render(
            request,
            "business_cases/print_actors.html",
            {
                "pilot": data.pilot,
                "case": data.case,
                "report": report,
                "pages": actor_pages(data, report),
                "case_url": request.build_absolute_uri(
                    reverse("business_cases:business_case", kwargs={"slug": data.pilot.slug})
                ),
            },
        )
    return render(
        request,
        "business_cases/print.html",
        {"pilot": data.pilot, "case": data.case, "data": data, "report": report, **_charts(report)},
    )


def business_case_xlsx(request, slug):
    data = selectors.business_case_detail(slug=slug, user=request.user)
    response = HttpResponse(workbook_bytes(data, build_report(data)), content_type=XLSX)
    name = f"kalkyl-{slugify(data.pilot.slug)}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _editable(request, slug):
    pilot = selectors.visible_pilot(slug=slug, user=request.user)
    if not rules.can_edit_case(request.user, pilot):
        raise PermissionDenied
    return pilot


def _line_initial(line) -> dict:
    """A saved line as the editor shows it: numbers as typed, in the active language."""
    initial = {
        "id": line.pk,
        "kind": line.kind,
        "label": line.label,
        "actor": line.actor,
        "value_type": line.value_type,
        "confidence": line.confidence,
        "deadweight_pct": input_number(line.deadweight_pct),
        "attribution_pct": input_number(line.attribution_pct),
        "drop_off_pct": input_number(line.drop_off_pct),
        "people": input_number(line.people),
        "effect_pct": input_number(line.effect_pct),
        "first_year": line.first_year or "",
        "last_year": line.last_year or "",
        "pilot_indicator": line.pilot_indicator_id,
    }
    for amount in line.amounts.all():
        initial[f"y{amount.year}"] = input_number(amount.amount_sek)
    return initial


def _map_line_errors(formset, exc: ValidationError) -> None:
    general = []
    for key, errors in exc.message_dict.items():
        parts = key.split(".")
        if len(parts) == 3 and parts[0] == "lines" and parts[1].isdigit():
            form = formset.forms[int(parts[1])]
            field = parts[2] if parts[2] in form.fields else None
            for error in errors:
                form.add_error(field, error)
        else:
            general += errors
    if general:
        # Formsets have no add_error(); this is where Django keeps non-form errors.
        formset._non_form_errors = formset.error_class([*formset.non_form_errors(), *general])


@login_required
def business_case_edit(request, slug):
    pilot = _editable(request, slug)
    data = selectors.business_case_load(pilot=pilot, user=request.user)
    case = data.case if data else None
    action = request.POST.get("action") if request.method == "POST" else None
    indicators = PilotIndicator.objects.filter(pilot=pilot).select_related("indicator")
    case_form = CaseForm(
        request.POST if action == "settings" else None,
        initial=CaseForm.initial_for(case, pilot),
    )
    if action == "settings" and case_form.is_valid():
        fields = {k: v for k, v in case_form.cleaned_data.items() if k != "expected_version"}
        try:
            case = services.business_case_save(
                pilot=pilot,
                actor=request.user,
                expected_version=case_form.cleaned_data.get("expected_version"),
                **fields,
            )
        except ValidationError as exc:
            add_service_errors(case_form, exc)
        else:
            messages.success(request, _("Kalkylens inställningar är sparade."))
            return redirect("business_cases:business_case_edit", slug=pilot.slug)
    if case is None:
        return render(request, "business_cases/edit.html", {"pilot": pilot, "case_form": case_form})
    lines = data.lines
    kwargs = {
        "years": case.years,
        "indicators": [
            (link.pk, link.indicator.name)
            for link in indicators
            if link.indicator.measure == "number"
        ],
        "derived_ids": {line.pk for line in lines if line.is_derived},
        "prefix": "lines",
        "initial": [_line_initial(line) for line in lines],
    }
    formset = LineFormSet(request.POST if action == "lines" else None, **kwargs)
    unit_form = UnitLineForm(
        request.POST if action == "unit" else None,
        indicators=indicators,
        initial={"first_year": case.base_year + 1, "last_year": case.last_year},
    )
    if action == "lines" and formset.is_valid():
        items = [f.service_input() for f in _sent(formset)]
        try:
            services.business_case_lines_save(
                business_case=case,
                actor=request.user,
                expected_version=_int(request.POST.get("expected_version")),
                lines=items,
            )
        except ValidationError as exc:
            _map_line_errors(formset, _reindex(exc, formset, items))
        else:
            messages.success(request, _("Raderna är sparade."))
            return redirect("business_cases:business_case_edit", slug=pilot.slug)
    if action == "unit" and unit_form.is_valid():
        try:
            services.business_case_line_add(
                business_case=case,
                actor=request.user,
                expected_version=_int(request.POST.get("expected_version")),
                values=unit_form.service_values(),
            )
        except ValidationError as exc:
            add_service_errors(unit_form, exc)
        else:
            messages.success(request, _("Nyttoraden från enhetskostnadsbiblioteket är tillagd."))
            return redirect("business_cases:business_case_edit", slug=pilot.slug)
    return render(
        request,
        "business_cases/edit.html",
        {
            "pilot": pilot,
            "case": case,
            "case_form": case_form,
            "formset": formset,
            "groups": _groups(formset),
            "unit_form": unit_form,
            "unit_costs": UnitCost.objects.order_by("name"),
            "schedule_name": data.schedule_name,
        },
    )


def _sent(formset) -> list:
    """The rows to save: every saved line (changed or not) and new rows with something typed;
    a blank extra row is ignored."""
    return [f for f in formset.forms if f.initial or f.has_changed()]


def _int(value) -> int | None:
    return int(value) if value and str(value).isdigit() else None


def _reindex(exc: ValidationError, formset, items) -> ValidationError:
    """The service numbers the rows it was given; map them back to the formset's forms."""
    sent = [i for i, f in enumerate(formset.forms) if f.has_changed() or f.initial]
    if not hasattr(exc, "error_dict"):
        return ValidationError({"__all__": exc.messages})
    out = {}
    for key, errors in exc.message_dict.items():
        parts = key.split(".")
        if len(parts) == 3 and parts[1].isdigit() and int(parts[1]) < len(sent):
            key = f"lines.{sent[int(parts[1])]}.{parts[2]}"
        out[key] = errors
    return ValidationError(out)


def _groups(formset) -> list[tuple[str, list]]:
    """Forms grouped per actor (the table shows one block per actor); new rows last."""
    from business_cases.models import Actor

    labels = dict(Actor.choices)
    groups: dict[str, list] = {}
    new = []
    for form in formset.forms:
        actor = form.initial.get("actor")
        (groups.setdefault(actor, []) if actor else new).append(form)
    ordered = [(str(labels[a]), groups[a]) for a in labels if a in groups]
    if new:
        ordered.append((_("Ny rad"), new))
    return ordered
