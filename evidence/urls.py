from django.urls import path

from evidence import views

app_name = "evidence"
urlpatterns = [
    path(
        "kunskapsbank/praktiker/<slug:slug>/effekter.csv", views.practice_csv, name="practice_csv"
    ),
    path(
        "kunskapsbank/praktiker/<slug:slug>/utfallsmatt/",
        views.outcome_choose,
        name="outcome_choose",
    ),
    path(
        "kunskapsbank/praktiker/<slug:slug>/utfallsmatt/<int:pk>/ta-bort/",
        views.outcome_remove,
        name="outcome_remove",
    ),
    path("kunskapsbank/bedomningar/<int:pk>/flaggor/", views.flags_resolve, name="flags_resolve"),
]
