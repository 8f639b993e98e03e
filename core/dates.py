"""The range of dates the portal plans with, in one place.

Pilot dates generate reporting periods, programme dates generate progress-report periods and
stage schedules, and business-case years generate the yearly series of a calculation. A date
like 9999-12-31 passed every check and then overflowed the period arithmetic (a year 10000),
which answered 500. Every such date and year is therefore kept within PLAN_FIRST_YEAR …
PLAN_LAST_YEAR:

- 1990: the earliest year the statistics and business cases start from (Kolada's series);
- 2150: the latest base year a business case already allowed, with room after it for a
  100-year horizon, and far enough from year 9999 that adding a period, a due time or a
  horizon can never overflow.

Model fields use PLAN_DATE_VALIDATORS or PLAN_YEAR_VALIDATORS, so every form, serializer and
service (through full_clean) refuses a date outside with a message on the field.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

PLAN_FIRST_YEAR = 1990
PLAN_LAST_YEAR = 2150
PLAN_FIRST_DATE = date(PLAN_FIRST_YEAR, 1, 1)
PLAN_LAST_DATE = date(PLAN_LAST_YEAR, 12, 31)


@deconstructible
class PlanDateValidator:
    """Refuses a date outside PLAN_FIRST_DATE … PLAN_LAST_DATE."""

    message = _("Ange ett datum mellan %(first)s och %(last)s.")
    code = "date_out_of_range"

    def __call__(self, value):
        if value is not None and not (PLAN_FIRST_DATE <= value <= PLAN_LAST_DATE):
            raise ValidationError(
                self.message,
                code=self.code,
                params={"first": PLAN_FIRST_DATE.isoformat(), "last": PLAN_LAST_DATE.isoformat()},
            )

    def __eq__(self, other):
        return isinstance(other, PlanDateValidator)


PLAN_DATE_VALIDATORS = [PlanDateValidator()]
PLAN_YEAR_VALIDATORS = [MinValueValidator(PLAN_FIRST_YEAR), MaxValueValidator(PLAN_LAST_YEAR)]
