"""Template context every portal page needs: the user's coordinator flag and organisations."""

from partners.rules import is_coordinator


def portal(request):
    user = getattr(request, "user", None)
    return {"is_coordinator": is_coordinator(user) if user else False}
