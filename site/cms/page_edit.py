"""The Wagtail admin's page editor, refusing a save based on an out-of-date revision.

Wagtail 8 refuses a stale save only for autosave (JSON) requests; an ordinary "Spara utkast" or
"Publicera" from an editor who opened the page before a colleague saved it silently overwrites the
colleague's revision (its check runs before the save, outside any lock, so even autosaves race).
This view, mounted at Wagtail's own edit URL in config/urls.py, locks the page row for the whole
POST, re-reads the latest revision under the lock, and turns a stale save of any kind into a form
error that keeps the editor's input. Requests without Wagtail's `loaded_revision_id` field (none
of the admin's own forms) are let through, as Wagtail does.
"""

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.pages.edit import EditView
from wagtail.models import Page

STALE_MESSAGE = _(
    "Någon annan har sparat sidan sedan du öppnade den. Dina ändringar är inte sparade: kopiera "
    "dem, ladda om sidan och gör om dem i den nya versionen."
)


class ConflictRefusingEditView(EditView):
    def post(self, request, *args, **kwargs):
        with transaction.atomic():
            # Saves of one page queue here; the second sees the first's revision and is refused.
            fresh = Page.objects.select_for_update().get(pk=self.real_page_record.pk)
            self.latest_revision = fresh.get_latest_revision()
            for name in ("is_out_of_date", "latest_revision_created_at"):
                self.__dict__.pop(name, None)  # cached from before the lock
            return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        if self.is_out_of_date:
            form.add_error(None, STALE_MESSAGE)
            return self.form_invalid(form)
        return super().form_valid(form)


page_edit = never_cache(require_admin_access(ConflictRefusingEditView.as_view()))
