"""Routes this app adds to the one /api/v1/ router (see site/config/api.py)."""

from learning.api import views

routes = [
    ("lessons", views.LessonViewSet, "lesson"),
    ("practices", views.PracticeViewSet, "practice"),
    ("appraisals", views.AppraisalViewSet, "appraisal"),
    ("adoptions", views.AdoptionViewSet, "adoption"),
]
