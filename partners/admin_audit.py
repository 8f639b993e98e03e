"""The coordinator's audit log in the Wagtail admin: filters, search, CSV and one event.

Who may read it is `rules.can_view_audit_log`, checked here for every view and again by the
selector (which returns nothing to anyone else), so a new view cannot leak it by forgetting.
The log is append-only: there are no add, edit or delete views.
"""

import functools
import json
from collections import defaultdict
from dataclasses import dataclass, field

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db import models
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.spreadsheets import csv_writer
from partners import rules, selectors
from partners.audit_labels import (
    action_choices,
    action_label,
    area_label,
    area_of,
    describe_changes,
    message_label,
    message_text,
)
from partners.models import AuditEvent, Organisation

PAGE_SIZE = 50
# Links that would hand out a secret (an invitation's accept link) are never shown.
NO_LINK = {"partners.invitation"}
VALUE_LENGTH = 120


class AuditFilterForm(forms.Form):
    q = forms.CharField(
        label=gettext_lazy("Sök"),
        required=False,
        max_length=200,
        help_text=gettext_lazy("Objekt, kommentar, person eller organisation."),
    )
    organisation = forms.ModelChoiceField(
        label=gettext_lazy("Organisation"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        empty_label=gettext_lazy("Alla organisationer"),
    )
    actor = forms.CharField(
        label=gettext_lazy("Utförd av"),
        required=False,
        max_length=200,
        help_text=gettext_lazy("Namn eller e-postadress."),
    )
    action = forms.ChoiceField(label=gettext_lazy("Händelse"), required=False)
    object_type = forms.ModelChoiceField(
        label=gettext_lazy("Typ av objekt"),
        queryset=ContentType.objects.none(),
        required=False,
        empty_label=gettext_lazy("Alla typer"),
    )
    date_from = forms.DateField(
        label=gettext_lazy("Från och med"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    date_to = forms.DateField(
        label=gettext_lazy("Till och med"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        present = AuditEvent.objects.order_by().values_list("action", flat=True).distinct()
        self.fields["action"].choices = action_choices(list(present))
        types = ContentType.objects.filter(
            pk__in=AuditEvent.objects.order_by().values("content_type").distinct()
        ).order_by("app_label", "model")
        self.fields["object_type"].queryset = types
        self.fields["object_type"].label_from_instance = _type_label

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("Slutdatum kan inte vara före startdatum."))
        return data


def _type_label(content_type: ContentType) -> str:
    model = content_type.model_class()
    return str(model._meta.verbose_name).capitalize() if model else content_type.model


@dataclass
class Change:
    field: str
    before: str
    after: str


@dataclass
class Row:
    event: AuditEvent
    action: str
    area: str
    object_type: str
    exists: bool
    url: str = ""
    message_label: str = ""
    message: str = ""
    changes: list[Change] = field(default_factory=list)


def _short(value: str) -> str:
    return value if len(value) <= VALUE_LENGTH else value[: VALUE_LENGTH - 1] + "…"


def _changes(event: AuditEvent) -> list[Change]:
    """Field → before → after, in words (partners.audit_labels)."""
    return [
        Change(label, _short(before), _short(after))
        for label, before, after in describe_changes(event)
    ]


def _fetch_objects(events) -> dict[tuple[int, str], object]:
    """The events' objects that still exist: one query per object type on the page (a bounded
    number), with their foreign keys joined so that building links costs nothing more."""
    from wagtail.models import Page

    ids = defaultdict(set)
    for event in events:
        ids[event.content_type_id].add(event.object_id)
    found = {}
    for type_id, object_ids in ids.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        if model is None:
            continue
        pk_field = model._meta.pk
        if isinstance(pk_field, models.AutoField | models.BigAutoField | models.IntegerField):
            object_ids = [i for i in object_ids if i.isdigit()]
        if issubclass(model, Page):
            # A page's admin link needs nothing but its id.
            pks = Page.objects.filter(pk__in=object_ids).values_list("pk", flat=True)
            found.update({(type_id, str(pk)): None for pk in pks})
            continue
        related = [f.name for f in model._meta.concrete_fields if f.many_to_one]
        for obj in model._base_manager.filter(pk__in=object_ids).select_related(*related):
            found[(type_id, str(obj.pk))] = obj
    return found


def _url(model, object_id, obj) -> str:
    from wagtail.models import Page

    if model is None or model._meta.label_lower in NO_LINK:
        return ""
    if issubclass(model, Page):
        return reverse("wagtailadmin_pages:edit", args=[object_id])
    if hasattr(obj, "get_absolute_url"):
        try:
            return obj.get_absolute_url()
        except NoReverseMatch:
            return ""
    return ""


def rows_for(events) -> list[Row]:
    """What each row of the log shows: plain-Swedish action, object link, changed fields."""
    events = list(events)
    found = _fetch_objects(events)
    rows = []
    for event in events:
        model = event.content_type.model_class()
        key = (event.content_type_id, event.object_id)
        exists = key in found
        rows.append(
            Row(
                event=event,
                action=action_label(event.action),
                area=area_label(area_of(event.action)),
                object_type=_type_label(event.content_type),
                exists=exists,
                url=_url(model, event.object_id, found.get(key)) if exists else "",
                changes=_changes(event),
                message_label=message_label(event.action),
                message=message_text(event),
            )
        )
    return rows


def coordinator_only(view):
    """403 for everyone but the coordinator. Wagtail turns a raised PermissionDenied into a
    redirect to the dashboard, which would hide from the tests and the user that it is refused."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not rules.can_view_audit_log(request.user):
            return TemplateResponse(request, "403.html", status=403)
        return view(request, *args, **kwargs)

    return wrapped


def _filtered(request):
    form = AuditFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return form, AuditEvent.objects.none()
    filters = form.cleaned_data if form.is_bound else {}
    return form, selectors.audit_log(user=request.user, filters=filters)


@coordinator_only
def audit_log(request):
    """The filtered, paginated log (newest first)."""
    form, events = _filtered(request)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("p"))
    query = request.GET.copy()
    query.pop("p", None)
    return TemplateResponse(
        request,
        "partners/admin/audit_log.html",
        {
            "form": form,
            "page": page,
            "rows": rows_for(page.object_list),
            "query": query.urlencode(),
            "csv_url": reverse("partners_audit_csv") + (f"?{query.urlencode()}" if query else ""),
            "page_title": gettext_lazy("Granskningslogg"),
        },
        status=400 if form.errors else 200,
    )


@coordinator_only
def audit_event(request, pk):
    """One event in full: every changed field and the comment."""
    event = get_object_or_404(selectors.audit_log(user=request.user, filters={}), pk=pk)
    return TemplateResponse(
        request,
        "partners/admin/audit_event.html",
        {"row": rows_for([event])[0], "page_title": gettext_lazy("Händelse i granskningsloggen")},
    )


class _Echo:
    def write(self, value):
        return value


CSV_HEADER = [
    gettext_lazy("Tidpunkt"),
    gettext_lazy("Namn"),
    gettext_lazy("E-post"),
    gettext_lazy("Organisation"),
    gettext_lazy("Händelse"),
    gettext_lazy("Händelsekod"),
    gettext_lazy("Typ av objekt"),
    gettext_lazy("Objekt-id"),
    gettext_lazy("Objekt"),
    gettext_lazy("Ändringar"),
    gettext_lazy("Kommentar"),
]


def _csv_lines(events):
    writer = csv_writer(_Echo())
    yield "\ufeff" + writer.writerow([str(h) for h in CSV_HEADER])
    for event in events.iterator(chunk_size=2000):
        actor = event.actor
        yield writer.writerow(
            [
                timezone.localtime(event.created_at).strftime("%Y-%m-%d %H:%M:%S"),
                actor.get_full_name() if actor else "",
                actor.email if actor else "",
                event.organisation.name if event.organisation else "",
                action_label(event.action),
                event.action,
                _type_label(event.content_type),
                event.object_id,
                event.object_repr,
                json.dumps(event.changes, ensure_ascii=False) if event.changes else "",
                event.message,
            ]
        )


@coordinator_only
def audit_log_csv(request):
    """The whole filtered log as CSV, streamed (no size limit, constant memory)."""
    form, events = _filtered(request)
    if form.errors:
        return audit_log(request)
    response = StreamingHttpResponse(_csv_lines(events), content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="granskningslogg-{stamp}.csv"'
    return response
