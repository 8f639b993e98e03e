"""Project middleware."""


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
