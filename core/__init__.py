"""The shared kernel every app may use (see DESIGN.md): small helpers with no models of their
own, so it is a plain package, not a Django app. Nothing here imports an app of the project."""
