"""Dashboard pages (province → city → zone, projects, rankings); Chinese at /, English at /en/."""

from django.urls import path

from projects import views as project_views
from reforms import views as reform_views

from . import views

app_name = "dashboards"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("cities/<str:adcode>/", views.city, name="city"),
    path("zones/<int:zone_id>/", views.zone, name="zone"),
    path("projects/", project_views.projects, name="projects"),
    path("rankings/", reform_views.rankings, name="rankings"),
    path("reports/", reform_views.reports, name="reports"),
]
