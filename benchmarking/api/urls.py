"""Routes this app adds to the one /api/v1/ router (see site/config/api.py)."""

from benchmarking.api import views

routes = [
    ("kpis", views.KpiViewSet, "kpi"),
    ("statistics", views.StatisticViewSet, "statistic"),
    ("peer-groups", views.PeerGroupViewSet, "peer-group"),
    ("benchmarks", views.BenchmarkViewSet, "benchmark"),
]
