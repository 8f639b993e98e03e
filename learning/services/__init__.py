"""Every state change of the learning base. Re-exports the public services of each module."""

from .adoption import (  # noqa: F401
    adoption_notices_send,
    lineage_set_parent,
    pilot_adopt,
    practice_create,
    practice_for_pilot_or_create,
)
from .appraisals import (  # noqa: F401
    appraisal_create,
    appraisal_publish,
    appraisal_return,
    appraisal_save,
    appraisal_submit,
    appraisal_update,
    nomination_create,
    reassessment_notices_send,
)
from .closing import closing_lesson_add, closing_report_save  # noqa: F401
