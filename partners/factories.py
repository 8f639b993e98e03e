"""factory_boy factories for partners. Kommuner and regioner come from the data migration."""

from datetime import timedelta

import factory
from django.conf import settings
from django.contrib.auth.models import Group
from django.utils import timezone
from stdnum import luhn

from partners.models import (
    Invitation,
    Kommun,
    Membership,
    Organisation,
    OrganisationKind,
    Region,
    Role,
)


def valid_org_number(n: int, prefix: str = "55") -> str:
    """A syntactically valid organisationsnummer (Luhn check digit) that is unique per n."""
    body = f"{prefix}{n:07d}"[:9]
    return f"{body[:6]}-{body[6:]}{luhn.calc_check_digit(body)}"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "partners.User"
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.se")
    first_name = factory.Faker("first_name", locale="sv_SE")
    last_name = factory.Faker("last_name", locale="sv_SE")
    password = factory.PostGenerationMethodCall("set_password", "losenord-123")

    class Params:
        coordinator = factory.Trait(
            groups=factory.PostGeneration(
                lambda user, create, extracted, **kw: user.groups.add(
                    Group.objects.get_or_create(name=settings.COORDINATOR_GROUP)[0]
                )
            )
        )

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        if create:
            instance.save()


def any_kommun():
    return Kommun.objects.order_by("?").first()


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("org_number",)

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"organisation-{n}")
    kind = OrganisationKind.CIVILSAMHALLE
    org_number = factory.Sequence(lambda n: valid_org_number(n + 1000))
    status = Organisation.Status.APPROVED
    kommun = None

    class Params:
        pending = factory.Trait(status=Organisation.Status.PENDING)
        rejected = factory.Trait(status=Organisation.Status.REJECTED)
        kommun_kind = factory.Trait(
            kind=OrganisationKind.KOMMUN, kommun=factory.LazyFunction(any_kommun)
        )
        region_kind = factory.Trait(kind=OrganisationKind.REGION)

    @factory.lazy_attribute
    def region(self):
        if self.kind == OrganisationKind.REGION:
            return Region.objects.order_by("?").first()
        return self.kommun.region if self.kommun else None


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.REPORTER


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    organisation = factory.SubFactory(OrganisationFactory)
    email = factory.Sequence(lambda n: f"inbjuden{n}@example.se")
    role = Role.REPORTER
    invited_by = factory.SubFactory(UserFactory)

    class Params:
        expired = factory.Trait(
            expires_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
        )
        revoked = factory.Trait(revoked_at=factory.LazyFunction(timezone.now))
        accepted = factory.Trait(accepted_at=factory.LazyFunction(timezone.now))
