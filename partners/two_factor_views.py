"""Pages for two-factor authentication: set up an app, verify after login, backup codes, reset."""

import django_otp
from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partners import rules, two_factor
from partners.views import _safe_next

User = get_user_model()

# The new backup codes wait here between confirming and the page that shows them once.
NEW_CODES_SESSION_KEY = "two_factor_new_backup_codes"


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Engångskod"),
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "spellcheck": "false", "autofocus": True}
        ),
    )


class SetupCodeForm(CodeForm):
    code = forms.CharField(
        label=gettext_lazy("Kod från appen"),
        help_text=gettext_lazy("Sex siffror som appen visar just nu."),
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class ResetForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("Användarens e-postadress"),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )


@login_required
def setup(request):
    """Status for users who have it; the QR code, secret and confirm form for those who don't."""
    user = request.user
    if two_factor.has_two_factor(user):
        return render(
            request,
            "partners/two_factor/status.html",
            {"required": two_factor.requires_two_factor(user)},
        )
    device = two_factor.pending_totp_device(user=user)
    form = SetupCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = two_factor.two_factor_confirm(
                user=user, device=device, code=form.cleaned_data["code"]
            )
        except ValidationError as error:
            form.add_error("code", error)
        else:
            django_otp.login(request, device)
            request.session.cycle_key()
            request.session[NEW_CODES_SESSION_KEY] = codes
            next_url = _safe_next(request)
            url = reverse("partners:two_factor_backup_codes")
            return redirect(f"{url}?next={next_url}" if next_url else url)
    return render(
        request,
        "partners/two_factor/setup.html",
        {
            "form": form,
            "qr_svg": two_factor.qr_code_svg(device),
            "secret": two_factor.secret_for_display(device),
            "required": two_factor.requires_two_factor(user),
            "next": _safe_next(request),
        },
    )


@login_required
def verify(request):
    """The second step after the password: a code from the app or a backup code."""
    if request.user.is_verified():
        return redirect(_safe_next(request) or "pilots:dashboard")
    if not two_factor.has_two_factor(request.user):
        return redirect("partners:two_factor_setup")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = two_factor.two_factor_verify(user=request.user, code=form.cleaned_data["code"])
        if device is None:
            form.add_error("code", _("Koden stämmer inte eller har redan använts."))
        else:
            django_otp.login(request, device)
            request.session.cycle_key()
            return redirect(_safe_next(request) or "pilots:dashboard")
    return render(
        request, "partners/two_factor/verify.html", {"form": form, "next": _safe_next(request)}
    )


@login_required
def backup_codes(request):
    """Show newly made backup codes once (GET), or make new ones (POST)."""
    if request.method == "POST":
        try:
            codes = two_factor.backup_codes_renew(user=request.user)
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return redirect("partners:two_factor_setup")
    else:
        codes = request.session.pop(NEW_CODES_SESSION_KEY, None)
        if not codes:
            return redirect("partners:two_factor_setup")
    return render(
        request,
        "partners/two_factor/backup_codes.html",
        {"codes": codes, "next": _safe_next(request)},
    )


@login_required
def reset(request):
    """The coordinator removes a user's authenticator and backup codes (e.g. a lost phone)."""
    if not rules.is_coordinator(request.user):
        raise PermissionDenied
    form = ResetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        target = User.objects.filter(email__iexact=form.cleaned_data["email"]).first()
        if target is None:
            form.add_error("email", _("Det finns ingen användare med den e-postadressen."))
        else:
            two_factor.two_factor_reset(user=target, actor=request.user)
            messages.success(
                request,
                _("Tvåstegsverifieringen för %(email)s är återställd.") % {"email": target.email},
            )
            return redirect("partners:two_factor_reset")
    return render(request, "partners/two_factor/reset.html", {"form": form})
