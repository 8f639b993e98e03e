"""Pages of the learning base (kunskapsbanken)."""

from django.urls import path

from learning import views

app_name = "learning"
urlpatterns = [
    path("kunskapsbank/", views.home, name="home"),
    path("kunskapsbank/lardomar/", views.lesson_list, name="lesson_list"),
    path("kunskapsbank/praktiker/", views.practice_list, name="practice_list"),
    path("kunskapsbank/praktiker/<slug:slug>/", views.practice_detail, name="practice_detail"),
    path("kunskapsbank/praktiker/<slug:slug>/nominera/", views.nominate, name="nominate"),
    path(
        "kunskapsbank/praktiker/<slug:slug>/bedom/", views.appraisal_start, name="appraisal_start"
    ),
    path("kunskapsbank/bedomningar/", views.appraisal_dashboard, name="appraisal_dashboard"),
    path("kunskapsbank/att-bedoma/", views.appraisal_queue, name="appraisal_queue"),
    path("kunskapsbank/bedomningar/<int:pk>/", views.appraisal_edit, name="appraisal_edit"),
    path("kunskapsbank/adoptera/<slug:slug>/", views.adopt, name="adopt"),
    path("kunskapsbank/slutrapport/<slug:slug>/", views.closing_report, name="closing_report"),
]
