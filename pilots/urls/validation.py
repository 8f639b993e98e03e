"""A pilot team's validation rules; see pilots/urls/__init__.py."""

from django.urls import path

from pilots.views import validation as views

urlpatterns = [
    path(
        "piloter/<slug:slug>/valideringsregler/",
        views.validation_rules,
        name="validation_rules",
    ),
    path(
        "piloter/<slug:slug>/valideringsregler/<int:rule_id>/",
        views.validation_rule_edit,
        name="validation_rule_edit",
    ),
]
