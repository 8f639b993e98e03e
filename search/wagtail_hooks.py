"""The coordinator's synonym list in the Wagtail admin (Inställningar → Söksynonymer)."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet

from .models import Synonym


class SynonymViewSet(ModelViewSet):
    model = Synonym
    icon = "search"
    menu_label = _("Söksynonymer")
    add_to_settings_menu = True
    url_prefix = "search/synonyms"
    url_namespace = "search_synonym"
    list_display = ["terms", "note", "updated_at"]
    search_fields = ["terms", "note"]
    form_fields = ["terms", "note"]
    copy_view_enabled = False


@hooks.register("register_admin_viewset")
def register_synonym_viewset():
    return SynonymViewSet()
