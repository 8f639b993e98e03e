from django.urls import path

from partners import two_factor_views, views

app_name = "partners"

urlpatterns = [
    path("konto/registrera/", views.signup, name="signup"),
    path("konto/tvastegsverifiering/", two_factor_views.setup, name="two_factor_setup"),
    path(
        "konto/tvastegsverifiering/verifiera/",
        two_factor_views.verify,
        name="two_factor_verify",
    ),
    path(
        "konto/tvastegsverifiering/reservkoder/",
        two_factor_views.backup_codes,
        name="two_factor_backup_codes",
    ),
    path(
        "konto/tvastegsverifiering/aterstall/",
        two_factor_views.reset,
        name="two_factor_reset",
    ),
    path("mina-sidor/organisationer/", views.dashboard, name="dashboard"),
    path("organisationer/", views.organisation_list, name="organisation_list"),
    path("organisationer/registrera/", views.organisation_register, name="organisation_register"),
    path("organisationer/<slug:slug>/", views.organisation_detail, name="organisation_detail"),
    path(
        "organisationer/<slug:slug>/skicka-igen/",
        views.organisation_resubmit,
        name="organisation_resubmit",
    ),
    path(
        "organisationer/<slug:slug>/medlemmar/",
        views.organisation_members,
        name="organisation_members",
    ),
    path("medlemskap/<int:pk>/", views.membership_update, name="membership_update"),
    path("medlemskap/<int:pk>/ta-bort/", views.membership_remove, name="membership_remove"),
    path(
        "organisationer/<slug:slug>/handelser/",
        views.organisation_audit,
        name="organisation_audit",
    ),
    path("inbjudningar/<int:pk>/aterkalla/", views.invitation_revoke, name="invitation_revoke"),
    path("inbjudan/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("kommuner/", views.kommun_list, name="kommun_list"),
    path("kommuner/<str:code>/", views.kommun_detail, name="kommun_detail"),
    path("regioner/", views.region_list, name="region_list"),
    path("regioner/<str:lan_code>/", views.region_detail, name="region_detail"),
]
