"""Portal routes of the CMS (the pages themselves are served by Wagtail)."""

from django.urls import path

from cms import views

app_name = "cms"

urlpatterns = [
    path("mal/<int:goal_id>/bidra/", views.goal_contribute, name="goal_contribute"),
    path("prenumerera/", views.subscribe, name="subscribe"),
    path(
        "prenumerera/bekrafta/<str:token>/",
        views.subscription_confirm,
        name="subscription_confirm",
    ),
    path("prenumerera/avsluta/<str:token>/", views.subscription_cancel, name="subscription_cancel"),
]
