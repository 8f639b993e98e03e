"""Pages of the learning base. Each view parses input, checks permission, calls one selector or
service and renders. Services' ValidationError and PermissionDenied become messages and 403s."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail import hooks

from core import caching, locking
from core.forms import add_service_errors, error_messages
from learning import page_cache, queue, rules, selectors, services
from learning.filters import lesson_filters
from learning.forms import AdoptForm, AppraisalForm, ClosingLessonForm, ClosingReportForm
from learning.models import EVIDENCE_DEFINITIONS, Appraisal, EvidenceLevel, Practice, Recommendation
from partners.models import Kommun, Region
from partners.models.reference import SkrGroup
from pilots.models import Arena, HealthArea, LessonKind, LifeStage, Pilot, SystemDimension
from pilots.rules import can_view_pilot

PAGE_SIZE = 20


def home(request):
    """The learning base home. A visitor's lists (most replicated practices, recent appraisals,
    newest lessons) are the same for every visitor: cached HTML under `caching.PUBLIC_PAGES`
    and `caching.PRACTICES` (learning.page_cache and learning.replications bump them), read only
    on a miss. The signed-in may see private practices and pilots: rendered every time."""
    visitor = not request.user.is_authenticated
    home = SimpleLazyObject(lambda: selectors.home(user=request.user))
    return render(
        request,
        "learning/home.html",
        {
            "home": home,
            "cache_timeout": caching.TIMEOUT,
            "cache_version": page_cache.version(caching.PRACTICES) if visitor else "",
        },
    )


def lesson_list(request):
    mine = selectors.user_kommun(request.user)
    filters, errors = lesson_filters(request.GET, user_kommun=mine)
    page = Paginator(selectors.lesson_list(user=request.user, filters=filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "learning/lesson_list.html",
        {
            "page_obj": page,
            "filters": filters,
            "errors": errors,
            "mine": mine,
            "active_filters": any(v for k, v in filters.items() if k != "like_by"),
            "kinds": LessonKind.choices,
            "dimensions": SystemDimension.choices,
            "health_areas": HealthArea.choices,
            "life_stages": LifeStage.choices,
            "arenas": Arena.choices,
            "skr_groups": SkrGroup.choices,
            "regions": Region.objects.order_by("name").only("lan_code", "name", "lan_name"),
            "kommuner": Kommun.objects.order_by("name").only("code", "name"),
        },
    )


def practice_list(request):
    order = request.GET.get("ordning", "title")
    if order not in ("title", "replications", "appraised"):
        order = "title"
    q = request.GET.get("q", "").replace("\x00", "").strip()[:100]
    page = Paginator(
        selectors.practice_list(user=request.user, order=order, q=q), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(
        request, "learning/practice_list.html", {"page_obj": page, "order": order, "q": q}
    )


def _sections(hook_name, *args) -> list[str]:
    """HTML sections other apps add to a page through a Wagtail hook (evidence adds its
    estimates): the learning base shows them without importing those apps."""
    return [html for fn in hooks.get_hooks(hook_name) if (html := fn(*args))]


def practice_detail(request, slug):
    """A practice's page. Visitors' parts that read the lineage are cached HTML
    (learning.page_cache says when they go stale): the page is read only when a part is
    rendered. The signed-in may see private pilots and appraisal work: rendered every time."""
    practice = selectors.practice_visible(slug=slug, user=request.user)
    page = SimpleLazyObject(lambda: selectors.practice_page_of(practice, user=request.user))
    visitor = not request.user.is_authenticated
    return render(
        request,
        "learning/practice_detail.html",
        {
            # Not "page": base.html reads page.summary, which would read the whole page.
            "practice_page": page,
            "practice": practice,
            "evidence_levels": [
                (v, label, EVIDENCE_DEFINITIONS[v]) for v, label in EvidenceLevel.choices
            ],
            "can_appraise": rules.can_appraise(request.user),
            "can_nominate": rules.can_nominate(request.user),
            "sections": _sections("learning_practice_sections", request, practice),
            "cache_timeout": caching.TIMEOUT,
            "cache_version": page_cache.version() if visitor else "",
        },
    )


def _adoptable_source(request, slug) -> Pilot:
    pilot = Pilot.objects.select_related("lead_organisation").filter(slug=slug).first()
    if pilot is None or not can_view_pilot(request.user, pilot):
        raise Http404(_("Piloten finns inte, eller har tagits bort."))
    return pilot


@login_required
def adopt(request, slug):
    source = _adoptable_source(request, slug)
    organisations = list(selectors.adopting_organisations(user=request.user))
    if not organisations:
        raise PermissionDenied(
            _("Du behöver vara rapportör, godkännare eller administratör i en organisation.")
        )
    form = AdoptForm(
        request.POST or None, organisations=organisations, initial={"version": source.version}
    )
    status = 200
    if request.method == "POST" and not form.is_valid():
        status = 400
    elif request.method == "POST":
        try:
            pilot = services.pilot_adopt(
                source=source,
                actor=request.user,
                organisation=form.organisations[form.cleaned_data["organisation"]],
                expected_source_version=form.cleaned_data.get("version"),
                start_date=form.cleaned_data.get("start_date"),
            )
        except Pilot.DoesNotExist as exc:
            raise Http404(_("Piloten har tagits bort.")) from exc
        except ValidationError as error:
            for message in error_messages(error):
                messages.error(request, message)
            status = 400
            if locking.is_stale(error):
                status = 409
                source.refresh_from_db()
                form = AdoptForm(
                    None, organisations=organisations, initial={"version": source.version}
                )
        else:
            messages.success(
                request,
                _("Utkastet ”%(title)s” är skapat. Komplettera det och publicera när ni är redo.")
                % {"title": pilot.title},
            )
            if not form.cleaned_data.get("start_date"):
                messages.warning(
                    request,
                    _(
                        "Målvärdena kopierades inte eftersom inget startdatum angavs. Ange "
                        "start- och slutdatum och sedan målvärden i steget Indikatorer."
                    ),
                )
            return redirect("pilots:pilot_register", slug=pilot.slug)
    return render(
        request,
        "learning/adopt.html",
        {"source": source, "form": form, "adoptable": rules.is_adoptable(source)},
        status=status,
    )


@login_required
def appraisal_dashboard(request):
    if not rules.can_appraise(request.user):
        raise PermissionDenied
    if request.method == "POST" and request.POST.get("pilot"):
        try:
            pilot = get_object_or_404(Pilot, slug=request.POST["pilot"].strip())
            practice = services.practice_create(actor=request.user, original_pilot=pilot)
        except ValidationError as error:
            for message in error_messages(error):
                messages.error(request, message)
        else:
            messages.success(request, _("Praktiken är skapad."))
            return redirect(practice)
    return render(
        request,
        "learning/appraisal_dashboard.html",
        {
            "due": selectors.practices_due(),
            "work": selectors.appraisal_work(user=request.user),
            "can_nominate": rules.can_nominate(request.user),
        },
    )


@login_required
def appraisal_queue(request):
    """ "Att bedöma": the appraisal group's queue, each entry a link to where the work is done."""
    if not rules.can_appraise(request.user):
        raise PermissionDenied
    return render(
        request,
        "learning/appraisal_queue.html",
        {"queue": queue.appraisal_queue(user=request.user)},
    )


@require_POST
@login_required
def nominate(request, slug):
    practice = get_object_or_404(Practice.objects.visible_to(request.user), slug=slug)
    services.nomination_create(
        practice=practice, actor=request.user, reason=request.POST.get("reason", "")[:2000]
    )
    messages.success(request, _("Praktiken är nominerad för bedömning."))
    return redirect(practice)


@require_POST
@login_required
def appraisal_start(request, slug):
    practice = get_object_or_404(Practice.objects.visible_to(request.user), slug=slug)
    nomination = (
        practice.nominations.filter(pk=request.POST.get("nomination") or 0).first()
        if ((request.POST.get("nomination") or "").isdigit())
        else None
    )
    try:
        appraisal = services.appraisal_create(
            practice=practice, actor=request.user, nomination=nomination
        )
    except ValidationError as error:
        for message in error_messages(error):
            messages.error(request, message)
        return redirect(practice)
    return redirect(appraisal)


ACTIONS = {"save", "submit", "return", "publish"}


@login_required
def appraisal_edit(request, pk):
    if not rules.can_appraise(request.user):
        raise PermissionDenied
    appraisal = get_object_or_404(Appraisal.objects.select_related("practice"), pk=pk)
    form = AppraisalForm.for_appraisal(
        appraisal, request.POST if request.method == "POST" else None
    )
    if request.method == "POST":
        action = request.POST.get("action", "save")
        if action not in ACTIONS:
            action = "save"
        if form.is_valid():
            version = form.cleaned_data.get("version")
            try:
                if action in ("save", "submit"):
                    appraisal = services.appraisal_save(
                        appraisal=appraisal,
                        actor=request.user,
                        expected_version=version,
                        submit=action == "submit",
                        **form.service_fields(),
                    )
                elif action == "return":
                    services.appraisal_return(
                        appraisal=appraisal, actor=request.user, expected_version=version
                    )
                elif action == "publish":
                    services.appraisal_publish(
                        appraisal=appraisal, actor=request.user, expected_version=version
                    )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                done = {
                    "save": _("Bedömningen är sparad."),
                    "submit": _("Bedömningen är skickad till granskning."),
                    "return": _("Bedömningen är tillbaka som utkast."),
                    "publish": _("Bedömningen är publicerad."),
                }[action]
                messages.success(request, done)
                if action == "publish":
                    return redirect(appraisal.practice)
                return redirect(appraisal)
    appraisal.refresh_from_db()
    return render(
        request,
        "learning/appraisal_form.html",
        {
            "appraisal": appraisal,
            "form": form,
            "can_review": rules.can_review(request.user, appraisal),
            "recommendations": Recommendation.choices,
            "sections": _sections("learning_appraisal_sections", request, appraisal),
        },
        status=400 if form.errors else 200,
    )


@login_required
def closing_report(request, slug):
    pilot = _adoptable_source(request, slug)
    if not rules.can_edit_closing_report(request.user, pilot):
        raise PermissionDenied
    existing = getattr(pilot, "closing_report", None)
    initial = (
        {f: getattr(existing, f) for f in ("what_worked", "what_did_not", "what_it_takes")}
        if existing
        else {}
    )
    report_form = ClosingReportForm(initial=initial)
    lesson_form = ClosingLessonForm()
    if request.method == "POST":
        if "lesson" in request.POST:
            lesson_form = ClosingLessonForm(request.POST)
            if lesson_form.is_valid():
                services.closing_lesson_add(
                    pilot=pilot, actor=request.user, **lesson_form.cleaned_data
                )
                messages.success(request, _("Lärdomen är tillagd."))
                return redirect("learning:closing_report", slug=pilot.slug)
        else:
            report_form = ClosingReportForm(request.POST)
            if report_form.is_valid():
                services.closing_report_save(
                    pilot=pilot, actor=request.user, **report_form.cleaned_data
                )
                messages.success(request, _("Slutrapporten är sparad."))
                return redirect("learning:closing_report", slug=pilot.slug)
    lessons = pilot.lessons.filter(report__isnull=True).order_by("-created_at")
    return render(
        request,
        "learning/closing_report.html",
        {
            "pilot": pilot,
            "report_form": report_form,
            "lesson_form": lesson_form,
            "lessons": lessons,
        },
        status=400 if report_form.errors or lesson_form.errors else 200,
    )
