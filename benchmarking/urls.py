from django.urls import path

from benchmarking import views

app_name = "benchmarking"

urlpatterns = [
    path("jamfor/", views.benchmark_index, name="index"),
    path("jamfor/grupper/", views.peer_group_list, name="peer_group_list"),
    path("jamfor/grupper/ny/", views.peer_group_edit, name="peer_group_create"),
    path("jamfor/grupper/<int:pk>/", views.peer_group_edit, name="peer_group_edit"),
    path("jamfor/grupper/<int:pk>/ta-bort/", views.peer_group_delete, name="peer_group_delete"),
    path("jamfor/<str:code>/", views.benchmark_page, name="benchmark"),
    path("jamfor/<str:code>/jamforelse.csv", views.benchmark_csv, name="benchmark_csv"),
    path("jamfor/<str:code>/karta.csv", views.map_csv, name="map_csv"),
]
