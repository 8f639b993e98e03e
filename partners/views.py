"""Portal pages for partners: directory, profiles, sign-up, registration, members, invitations."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import add_service_errors
from partners import rules, selectors
from partners.admin_audit import rows_for
from partners.forms import (
    InvitationForm,
    MembershipRoleForm,
    OrganisationForm,
    SignupForm,
)
from partners.models import Invitation, Membership, OrganisationKind, SkrGroup
from partners.services import memberships as membership_services
from partners.services import organisations as organisation_services
from pilots import selectors as pilot_selectors

PAGE_SIZE = 25


def _safe_next(request) -> str:
    """The `next` address if it stays on this site, else an empty string (no open redirects)."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def organisation_list(request):
    filters = {
        "kind": request.GET.get("kind", "")
        if request.GET.get("kind") in OrganisationKind.values
        else "",
        "lan_code": request.GET.get("lan", "")[:2],
        "q": request.GET.get("q", "").strip()[:100],
    }
    page = _page(request, selectors.organisation_list(user=request.user, **filters))
    return render(
        request,
        "partners/organisation_list.html",
        {
            "page_obj": page,
            "filters": filters,
            "kinds": OrganisationKind.choices,
            "regions": selectors.lan_filter_choices(),
        },
    )


def organisation_detail(request, slug):
    organisation = selectors.organisation_detail(slug=slug, user=request.user)
    return render(
        request,
        "partners/organisation_detail.html",
        {
            "organisation": organisation,
            "can_view_members": rules.can_view_members(request.user, organisation),
            "can_view_audit": rules.can_view_organisation_audit(request.user, organisation),
            "can_resubmit": rules.can_resubmit_organisation(request.user, organisation),
        },
    )


RESUBMIT_FIELDS = ["name", "kind", "org_number", "kommun", "region", "description", "website"]


@login_required
def organisation_resubmit(request, slug):
    """The applicant corrects a rejected registration and sends it to the coordinator again."""
    organisation = selectors.organisation_detail(slug=slug, user=request.user)
    if not rules.can_resubmit_organisation(request.user, organisation):
        raise PermissionDenied
    initial = {name: getattr(organisation, name) for name in RESUBMIT_FIELDS}
    initial["member_kommuner"] = list(organisation.member_kommuner.all())
    form = OrganisationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = organisation_services.organisation_resubmit(
                organisation=organisation, actor=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _(
                    "%(name)s är inskickad igen och väntar på koordinatorns beslut. "
                    "Du får ett e-postmeddelande när beslutet är fattat."
                )
                % {"name": organisation.name},
            )
            return redirect(organisation)
    return render(
        request,
        "partners/organisation_resubmit.html",
        {"organisation": organisation, "form": form},
    )


def signup(request):
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = membership_services.user_register(**form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Välkommen! Ditt konto är skapat."))
            return redirect(_safe_next(request) or "partners:organisation_register")
    return render(request, "registration/signup.html", {"form": form})


@login_required
def dashboard(request):
    return render(
        request,
        "partners/dashboard.html",
        {
            "memberships": selectors.memberships_of(user=request.user),
        },
    )


@login_required
def organisation_register(request):
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = organisation_services.organisation_register(
                actor=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _(
                    "Tack! %(name)s är registrerad och väntar på koordinatorns godkännande. "
                    "Du får ett e-postmeddelande när beslutet är fattat."
                )
                % {"name": organisation.name},
            )
            return redirect(organisation)
    return render(request, "partners/organisation_register.html", {"form": form})


@login_required
def organisation_members(request, slug):
    organisation = selectors.organisation_detail(slug=slug, user=request.user)
    if not rules.can_view_members(request.user, organisation):
        raise PermissionDenied
    can_manage = rules.can_manage_members(request.user, organisation)
    form = InvitationForm(request.POST or None) if can_manage else None
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            try:
                invitation = membership_services.invitation_create(
                    organisation=organisation, actor=request.user, **form.cleaned_data
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request, _("Inbjudan är skickad till %(email)s.") % {"email": invitation.email}
                )
                return redirect("partners:organisation_members", slug=organisation.slug)
    return render(
        request,
        "partners/organisation_members.html",
        {
            "organisation": organisation,
            "members": selectors.organisation_members(organisation=organisation),
            "invitations": selectors.organisation_open_invitations(organisation=organisation)
            if can_manage
            else [],
            "can_manage": can_manage,
            "can_view_audit": rules.can_view_organisation_audit(request.user, organisation),
            "form": form,
            "role_form": MembershipRoleForm(),
        },
    )


@login_required
@require_POST
def membership_update(request, pk):
    membership = get_object_or_404(Membership.objects.select_related("organisation", "user"), pk=pk)
    slug = membership.organisation.slug
    if request.POST.get("action") == "remove":
        # Removing is never done in one click: the confirmation page says what the person loses.
        return redirect("partners:membership_remove", pk=membership.pk)
    try:
        form = MembershipRoleForm(request.POST)
        if not form.is_valid():
            raise ValidationError(_("Välj en av rollerna i listan."))
        membership_services.membership_set_role(
            membership=membership, actor=request.user, role=form.cleaned_data["role"]
        )
        messages.success(request, _("Rollen är ändrad."))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    if not rules.can_view_members(request.user, membership.organisation):
        return redirect(settings.LOGIN_REDIRECT_URL)
    return redirect("partners:organisation_members", slug=slug)


@login_required
def membership_remove(request, pk):
    """Confirm, then remove a member: the page says which role and pilots the person loses."""
    membership = get_object_or_404(Membership.objects.select_related("organisation", "user"), pk=pk)
    organisation = membership.organisation
    leaving = membership.user_id == request.user.pk
    if not (leaving or rules.can_manage_members(request.user, organisation)):
        raise PermissionDenied
    error = ""
    if request.method == "POST":
        try:
            membership_services.membership_remove(membership=membership, actor=request.user)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(
                request, _("%(user)s är borttagen ur organisationen.") % {"user": membership.user}
            )
            if not rules.can_view_members(request.user, organisation):
                return redirect(settings.LOGIN_REDIRECT_URL)
            return redirect("partners:organisation_members", slug=organisation.slug)
    return render(
        request,
        "partners/membership_remove.html",
        {
            "membership": membership,
            "organisation": organisation,
            "leaving": leaving,
            "pilots": pilot_selectors.pilots_lost_on_removal(membership=membership),
            "error": error,
        },
        status=400 if error else 200,
    )


@login_required
def organisation_audit(request, slug):
    """The organisation's own audit trail for its administrators, newest first, paginated."""
    organisation = selectors.organisation_detail(slug=slug, user=request.user)
    if not rules.can_view_organisation_audit(request.user, organisation):
        raise PermissionDenied
    page = _page(
        request, selectors.organisation_audit_log(user=request.user, organisation=organisation)
    )
    return render(
        request,
        "partners/organisation_audit.html",
        {"organisation": organisation, "page_obj": page, "rows": rows_for(page.object_list)},
    )


@login_required
@require_POST
def invitation_revoke(request, pk):
    invitation = get_object_or_404(Invitation.objects.select_related("organisation"), pk=pk)
    try:
        membership_services.invitation_revoke(invitation=invitation, actor=request.user)
        messages.success(request, _("Inbjudan är återkallad."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("partners:organisation_members", slug=invitation.organisation.slug)


@login_required
def invitation_accept(request, token):
    invitation = get_object_or_404(
        Invitation.objects.select_related("organisation", "invited_by"), token=token
    )
    error = None
    if request.method == "POST":
        try:
            membership = membership_services.invitation_accept(
                invitation=invitation, user=request.user
            )
        except (ValidationError, PermissionDenied) as exc:
            error = " ".join(getattr(exc, "messages", None) or [str(exc)])
        else:
            messages.success(
                request, _("Du är nu medlem i %(name)s.") % {"name": membership.organisation.name}
            )
            return redirect(settings.LOGIN_REDIRECT_URL)
    return render(
        request, "partners/invitation_accept.html", {"invitation": invitation, "error": error}
    )


def kommun_list(request):
    filters = {
        "lan_code": request.GET.get("lan", "")[:2],
        "skr_group": request.GET.get("grupp", "")
        if request.GET.get("grupp") in SkrGroup.values
        else "",
        "q": request.GET.get("q", "").strip()[:100],
    }
    return render(
        request,
        "partners/kommun_list.html",
        {
            "page_obj": Paginator(selectors.kommun_list(**filters), 50).get_page(
                request.GET.get("page")
            ),
            "filters": filters,
            "regions": selectors.lan_filter_choices(),
            "skr_groups": SkrGroup.choices,
        },
    )


def kommun_detail(request, code):
    kommun = selectors.kommun_detail(code=code)
    return render(
        request,
        "partners/kommun_detail.html",
        {
            "kommun": kommun,
            "organisations": selectors.organisations_in_kommun(kommun=kommun),
        },
    )


def region_list(request):
    return render(request, "partners/region_list.html", {"regions": selectors.region_list()})


def region_detail(request, lan_code):
    region = selectors.region_detail(lan_code=lan_code)
    return render(
        request,
        "partners/region_detail.html",
        {
            "region": region,
            "organisations": selectors.organisations_in_region(region=region),
        },
    )
