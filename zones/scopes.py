"""The scope a figure is computed for — the province, a city or a zone — and grouped aggregation.

Every indicator source filters its queryset with `Scope.q(path)` and aggregates with `aggregate()`,
so one query answers for the whole scope, or for each zone or city in it at once (rankings,
comparisons), and the number of queries never depends on how many zones or projects there are.
"""

from dataclasses import dataclass

from django.db.models import F, Q
from django.utils.translation import gettext as _

from .models import City, Zone

PROVINCE, CITY, ZONE = "province", "city", "zone"


def _join(path: str, field: str) -> str:
    return f"{path}__{field}" if path else field


@dataclass(frozen=True)
class Scope:
    """The province (neither set), one city, or one zone."""

    city: City | None = None
    zone: Zone | None = None

    @property
    def kind(self) -> str:
        if self.zone is not None:
            return ZONE
        return CITY if self.city is not None else PROVINCE

    @property
    def label(self) -> str:
        if self.zone is not None:
            return str(self.zone)
        return self.city.name if self.city is not None else _("山西省")

    @property
    def key(self) -> str:
        """A stable identifier: "province", "city:140100" or "zone:12"."""
        if self.zone is not None:
            return f"zone:{self.zone.pk}"
        return f"city:{self.city.adcode}" if self.city is not None else PROVINCE

    def q(self, path: str) -> Q:
        """Filter for rows whose zone (reached by `path`, "" for Zone itself) lies in this scope."""
        if self.zone is not None:
            return Q(**{path or "pk": self.zone.pk})
        if self.city is not None:
            return Q(**{_join(path, "city"): self.city.pk})
        return Q()


def group_key(path: str, group: str) -> str:
    return (path or "pk") if group == ZONE else _join(path, "city")


def aggregate(queryset, path: str, group: str | None, **aggregates) -> dict:
    """Aggregate once for the scope (key None), or per zone / per city (key = its id)."""
    if group is None:
        return {None: queryset.aggregate(**aggregates)}
    rows = queryset.values(key=F(group_key(path, group))).annotate(**aggregates).order_by()
    return {row.pop("key"): row for row in rows}


def resolve_scope(city: str | None = None, zone: int | str | None = None) -> Scope:
    """The scope named by a city (name, short name or adcode) and/or a zone id.

    Raises City.DoesNotExist / Zone.DoesNotExist for unknown names, and ValueError when the zone
    does not lie in the named city.
    """
    found_city = None
    if city:
        found_city = City.objects.get(Q(adcode=city) | Q(name=city) | Q(short_name=city))
    if zone in (None, ""):
        return Scope(city=found_city)
    found_zone = Zone.objects.select_related("city").get(pk=int(zone))
    if found_city is not None and found_zone.city_id != found_city.pk:
        raise ValueError(f"{found_zone} is not in {found_city}")
    return Scope(city=found_zone.city, zone=found_zone)
