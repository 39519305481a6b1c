"""Aggregate reads over zones, used by the indicator registry."""

from django.db.models import Count, Q

from .models import Zone
from .scopes import aggregate


def zone_figures(as_of, scope, group=None):
    """开发区数量与“管运分离”试点数量 as of a date."""
    zones = Zone.objects.filter(scope.q(""))
    return aggregate(
        zones,
        "",
        group,
        zones=Count("pk"),
        separation_pilot_zones=Count("pk", filter=Q(separation_pilot_from__lte=as_of)),
    )


def zones_in(scope):
    """The zones of a scope with their city, for maps and lists."""
    return Zone.objects.filter(scope.q("")).select_related("city")
