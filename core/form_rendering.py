"""A form renderer that writes the common widgets in Python instead of through templates.

Django renders every widget through a chain of small templates (input.html includes attrs.html,
a radio list includes one template per option, which includes input.html, ...). A form of a
dozen fields spends several milliseconds there, which is most of a signed-in form page's
rendering. `FastRenderer` produces byte-for-byte the same HTML as Django's templates for the
plain widgets (text-like inputs, hidden, checkbox, textarea, select, radio and checkbox lists) and
falls back to the templates for everything else (forms, formsets, Wagtail's widgets, any widget
with its own template), so a project template overriding one of these names still wins: the fast
path is used only for templates Django itself ships (`_DJANGO_WIDGETS`).
"""

from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.html import conditional_escape

_W = "django/forms/widgets/"
_INPUTS = {
    f"{_W}{name}.html"
    for name in [
        *("input", "text", "hidden", "password", "email", "url", "number", "search"),
        *("tel", "color", "date", "datetime", "time", "checkbox", "file"),
    ]
}


def _var(value) -> str:
    """`{{ value }}`: localized, then escaped unless already safe."""
    value = localize(value)
    return conditional_escape(value if isinstance(value, str) else str(value))


def _str(value) -> str:
    """`{{ value|stringformat:'s' }}`: escaped unless already safe."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return conditional_escape(f"{value}")


def _attrs(attrs) -> str:
    # django/forms/widgets/attrs.html
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        out.append(f" {_var(name)}")
        if value is not True:
            out.append(f'="{_str(value)}"')
    return "".join(out)


def _input(widget) -> str:
    # django/forms/widgets/input.html (with its closing newline)
    value = widget["value"]
    shown = f' value="{_str(value)}"' if value is not None else ""
    return (
        f'<input type="{_var(widget["type"])}" '
        f'name="{_var(widget["name"])}"{shown}{_attrs(widget["attrs"])}>\n'
    )


def _input_option(option) -> str:
    # django/forms/widgets/input_option.html
    if not option.get("wrap_label"):
        return _input(option) + "\n"
    ident = option["attrs"].get("id")
    label_for = f' for="{_var(ident)}"' if ident else ""
    return f"<label{label_for}>{_input(option)} {_var(option['label'])}</label>\n"


def _multiple_input(widget) -> str | None:
    # django/forms/widgets/multiple_input.html
    ident, css = widget["attrs"].get("id"), widget["attrs"].get("class")
    out = ["<div"]
    if ident:
        out.append(f' id="{_var(ident)}"')
    if css:
        out.append(f' class="{_var(css)}"')
    out.append(">")
    for group, options, _index in widget["optgroups"]:
        if group:
            out.append(f"\n  <div><label>{_var(group)}</label>")
        for option in options:
            if option["template_name"] not in _OPTIONS:
                return None
            # radio_option.html and checkbox_option.html include input_option.html and add
            # a newline of their own.
            extra = "" if option["template_name"].endswith("input_option.html") else "\n"
            out.append(f"<div>\n    {_input_option(option)}{extra}</div>")
        if group:
            out.append("\n  </div>")
    out.append("\n</div>\n")
    return "".join(out)


def _select(widget) -> str | None:
    # django/forms/widgets/select.html and select_option.html
    out = [f'<select name="{_var(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group, options, _index in widget["optgroups"]:
        if group:
            out.append(f'\n  <optgroup label="{_var(group)}">')
        for option in options:
            if option["template_name"] != f"{_W}select_option.html":
                return None
            out.append(
                f'\n  <option value="{_str(option["value"])}"{_attrs(option["attrs"])}>'
                f"{_var(option['label'])}</option>\n"
            )
        if group:
            out.append("\n  </optgroup>")
    out.append("\n</select>\n")
    return "".join(out)


def _textarea(widget) -> str:
    # django/forms/widgets/textarea.html
    value = widget["value"]
    shown = _var(value) if value else ""
    return (
        f'<textarea name="{_var(widget["name"])}"{_attrs(widget["attrs"])}>\n{shown}</textarea>\n'
    )


_OPTIONS = {f"{_W}radio_option.html", f"{_W}checkbox_option.html", f"{_W}input_option.html"}
_LISTS = {f"{_W}radio.html", f"{_W}checkbox_select.html", f"{_W}multiple_input.html"}


def _fast(template_name, widget) -> str | None:
    if template_name in _INPUTS:
        return _input(widget)
    if template_name == f"{_W}textarea.html":
        return _textarea(widget)
    if template_name == f"{_W}select.html":
        return _select(widget)
    if template_name in _LISTS:
        return _multiple_input(widget)
    return None


class FastRenderer(DjangoTemplates):
    """Django's template renderer with the plain widgets written in Python (same HTML)."""

    def render(self, template_name, context, request=None):
        widget = context.get("widget") if template_name.startswith(_W) else None
        if widget is not None and not _overridden(self, template_name):
            html = _fast(template_name, widget)
            if html is not None:
                return html.strip()
        return super().render(template_name, context, request=request)


_ORIGINS: dict = {}


def _overridden(renderer, template_name) -> bool:
    """Whether an app's or the project's template replaces Django's own (found once)."""
    found = _ORIGINS.get(template_name)
    if found is None:
        origin = renderer.get_template(template_name).origin.name
        found = _ORIGINS[template_name] = "/django/forms/templates/" not in origin
    return found
