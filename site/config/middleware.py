"""Project middleware."""

from django.core.validators import ProhibitNullCharactersValidator
from django.http import JsonResponse
from django.shortcuts import render


class SwedishUnlessChosenMiddleware:
    """Serve Swedish unless the visitor chose another language with the language switch.

    Django's LocaleMiddleware would otherwise follow the browser's Accept-Language, and most
    browsers (and every headless one) ask for English first. The switch sets the language cookie,
    which LocaleMiddleware still honours. Must come before LocaleMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class RejectNulCharactersMiddleware:
    """Answer 400 to a request whose path, query string or posted form holds a NUL character.

    PostgreSQL refuses NUL in any text, so `/kommuner/%00/`, `?q=a%00b` or a posted slug reached
    a lookup and answered 500 there (SQLite accepts it, so only production showed it). No page
    has a use for the character, so it is refused once, here, for every view: a Swedish 400
    page, or for the API the same JSON body as its other 400s. Posted forms are read as
    CsrfViewMiddleware reads them anyway; the API's own bodies are left to DRF, whose fields and
    exception handler refuse NUL. Comes after LocaleMiddleware, so the page speaks the visitor's
    language, and before anything that reads the session or the database.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _has_nul(request):
            return nul_rejected(request)
        return self.get_response(request)


FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _has_nul(request) -> bool:
    if "\x00" in request.path_info or _any_nul(request.GET):
        return True
    posts_a_form = request.method == "POST" and request.content_type in FORM_TYPES
    return posts_a_form and not request.path_info.startswith("/api/") and _any_nul(request.POST)


def _any_nul(data) -> bool:
    return any("\x00" in key or any("\x00" in v for v in values) for key, values in data.lists())


def nul_rejected(request):
    message = str(ProhibitNullCharactersValidator.message)
    if request.path_info.startswith("/api/"):
        return JsonResponse({"non_field_errors": [message]}, status=400)
    return render(request, "400.html", {"message": message}, status=400)
