from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The shared kernel (see docs/architecture.md): what every app uses (optimistic locking,
    upload checks, cache namespaces, the personal-data check, form helpers, export cells). It
    has no models and imports no app of the project; every other app may import it."""

    name = "core"
    verbose_name = "Gemensam kärna"

    def ready(self):
        from core import choice_labels

        choice_labels.install()
