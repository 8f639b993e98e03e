from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms.page_edit import page_edit
from config import api
from config.health import healthz

auth_patterns = [
    path("logga-in/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("losenord/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "losenord/klart/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"
    ),
    path("aterstall/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "aterstall/skickat/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"
    ),
    path(
        "aterstall/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "aterstall/klart/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    # Wagtail's page editor, refusing saves based on an out-of-date revision (cms/page_edit.py).
    path("admin/pages/<int:page_id>/edit/", page_edit, name="cms_page_edit"),
    path("admin/", include(wagtailadmin_urls)),
    path("dokument/", include(wagtaildocs_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("konto/", include(auth_patterns)),
    *api.urlpatterns,
    path("", include("iati_export.urls")),
    path("", include("pilots.urls")),
    path("", include("business_cases.urls")),
    path("", include("learning.urls")),
    path("", include("programmes.urls")),
    path("", include("monitoring.urls")),
    path("", include("partners.urls")),
    path("", include("benchmarking.urls")),
    path("", include("evidence.urls")),
    path("", include("search.urls")),
    path("", include("cms.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's page serving comes last: it matches every path no app claimed.
urlpatterns.append(path("", include(wagtail_urls)))
