"""Organisations, their members and roles, and invitations."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partners.validators import validate_org_number

from .reference import Kommun, Region


class OrganisationKind(models.TextChoices):
    KOMMUN = "kommun", _("Kommun")
    REGION = "region", _("Region")
    MYNDIGHET = "myndighet", _("Statlig myndighet")
    NARINGSLIV = "naringsliv", _("Näringsliv")
    CIVILSAMHALLE = "civilsamhalle", _("Civilsamhälle")
    AKADEMI = "akademi", _("Akademi")
    KOMMUNALFORBUND = "kommunalforbund", _("Kommunalförbund")
    SAMORDNINGSFORBUND = "samordningsforbund", _("Samordningsförbund")
    ANNAN = "annan", _("Annan")


# Kinds that are public bodies of several members (kommuner and/or a region).
FEDERATION_KINDS = {OrganisationKind.KOMMUNALFORBUND, OrganisationKind.SAMORDNINGSFORBUND}


class Role(models.TextChoices):
    """Roles of a member in an organisation, and (from the pilots app) in a single pilot."""

    ADMIN = "admin", _("Administratör")
    APPROVER = "approver", _("Godkännare")
    REPORTER = "reporter", _("Rapportör")
    VIEWER = "viewer", _("Läsare")


class OrganisationQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=Organisation.Status.APPROVED)

    def pending(self):
        return self.filter(status=Organisation.Status.PENDING)

    def in_kommun(self, kommun: Kommun):
        return self.filter(Q(kommun=kommun) | Q(member_kommuner=kommun)).distinct()

    def in_region(self, region: Region):
        return self.filter(
            Q(region=region) | Q(kommun__region=region) | Q(member_kommuner__region=region)
        ).distinct()

    def visible_to(self, user):
        """Approved organisations for everyone; pending and rejected ones for their members
        (the rule: partners.rules.organisations_visible_q)."""
        from partners.rules import organisations_visible_q

        return self.filter(organisations_visible_q(user))


class Organisation(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Väntar på godkännande")
        APPROVED = "approved", _("Godkänd")
        REJECTED = "rejected", _("Avslagen")

    name = models.CharField(_("namn"), max_length=200)
    slug = models.SlugField(_("kortnamn i adressen"), max_length=220, unique=True)
    kind = models.CharField(_("typ"), max_length=32, choices=OrganisationKind.choices)
    org_number = models.CharField(
        _("organisationsnummer"),
        max_length=11,
        unique=True,
        validators=[validate_org_number],
        help_text=_("Tio siffror, till exempel 212000-0142. Kontrollsiffran kontrolleras."),
    )
    kommun = models.ForeignKey(
        Kommun,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("kommun"),
        help_text=_("Obligatoriskt för kommuner."),
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("region"),
        help_text=_("Obligatoriskt för regioner."),
    )
    member_kommuner = models.ManyToManyField(
        Kommun,
        blank=True,
        related_name="federations",
        verbose_name=_("medlemskommuner"),
        help_text=_("För kommunalförbund och samordningsförbund: de kommuner som ingår."),
    )
    description = models.TextField(_("beskrivning"), blank=True)
    website = models.URLField(_("webbplats"), blank=True)
    signed_partnership_on = models.DateField(
        _("partnerskapsavtal undertecknat"), null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    decision_note = models.TextField(_("motivering till beslut"), blank=True)
    decided_at = models.DateTimeField(_("beslutad"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("beslutad av"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="registered_organisations",
        verbose_name=_("registrerad av"),
    )
    created_at = models.DateTimeField(_("registrerad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisationer")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind=OrganisationKind.KOMMUN) | Q(kommun__isnull=False),
                name="organisation_kommun_has_kommun",
            ),
            models.CheckConstraint(
                condition=~Q(kind=OrganisationKind.REGION) | Q(region__isnull=False),
                name="organisation_region_has_region",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("partners:organisation_detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        errors = {}
        if self.kind == OrganisationKind.KOMMUN and not self.kommun_id:
            errors["kommun"] = _("Ange vilken kommun organisationen är.")
        if self.kind == OrganisationKind.REGION and not self.region_id:
            errors["region"] = _("Ange vilken region organisationen är.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED


class MembershipQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user) if user and user.is_authenticated else self.none()

    def with_role(self, *roles: str):
        return self.filter(role__in=roles)


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("användare"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("roll"), max_length=16, choices=Role.choices, default=Role.REPORTER)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("medlemskap")
        verbose_name_plural = _("medlemskap")
        ordering = ["organisation__name", "user__email"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="membership_unique_user_org"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation} ({self.get_role_display()})"


def _invitation_token() -> str:
    return secrets.token_urlsafe(32)


def _invitation_expiry():
    return timezone.now() + timedelta(days=14)


class InvitationQuerySet(models.QuerySet):
    def open(self):
        return self.filter(
            accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
        )


class Invitation(models.Model):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("organisation"),
    )
    email = models.EmailField(_("e-postadress"))
    role = models.CharField(_("roll"), max_length=16, choices=Role.choices, default=Role.REPORTER)
    token = models.CharField(max_length=64, unique=True, default=_invitation_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("inbjuden av"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("gäller till"), default=_invitation_expiry)
    accepted_at = models.DateTimeField(_("accepterad"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(_("återkallad"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("inbjudan")
        verbose_name_plural = _("inbjudningar")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"

    def get_absolute_url(self) -> str:
        return reverse("partners:invitation_accept", kwargs={"token": self.token})

    @property
    def is_open(self) -> bool:
        return (
            self.accepted_at is None
            and self.revoked_at is None
            and self.expires_at > timezone.now()
        )
