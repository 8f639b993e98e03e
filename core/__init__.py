"""The shared kernel every app may use (see docs/architecture.md): small helpers with no models
of their own. It is the lowest app: nothing here imports another app of the project."""
