"""API shapes of cities and zones: filters in, records out."""

import datetime
from typing import Annotated

from ninja import FilterSchema, Schema
from ninja.filter_schema import FilterLookup

from config.api_fields import choices, field
from reforms.schemas import IndicatorValueOut

from .models import City, Zone

ZoneLevel = choices("ZoneLevel", Zone.Level)
ZoneKind = choices("ZoneKind", Zone.Kind)
ZoneCategory = choices("ZoneCategory", Zone.Category)


class CityRef(Schema):
    adcode: str = field("行政区划代码", "GB/T 2260 code of the city")
    name: str = field("市名称", "City name")


class ZoneRef(Schema):
    id: int = field("开发区编号", "Zone id")
    name: str = field("开发区名称", "Zone name")
    short_name: str = field("开发区简称", "Zone short name")


class CityOut(Schema):
    adcode: str = field("行政区划代码", "GB/T 2260 code")
    name: str = field("名称", "Name")
    short_name: str = field("简称", "Short name")
    latitude: float = field("纬度", "Latitude")
    longitude: float = field("经度", "Longitude")
    zone_count: int = field("开发区数量", "Development zones in the city")


class CityDetailOut(CityOut):
    as_of: datetime.date = field("截至日期", "The date the indicators are as of")
    indicators: list[IndicatorValueOut] = field("指标", "Every indicator of the city")


class ZoneOut(Schema):
    id: int = field("编号", "Id")
    name: str = field("名称", "Name")
    short_name: str = field("简称", "Short name")
    city: CityRef = field("所在市", "City")
    level: ZoneLevel = field("级别代码", "Level: national or provincial")
    level_label: str = field("级别", "Level, in the request's language")
    kind: ZoneKind = field("类型代码", "Kind code")
    kind_label: str = field("类型", "Kind, in the request's language")
    category: ZoneCategory = field("类别代码", "Category code")
    category_label: str = field("类别", "Category: industrial, agriculture, eco-tourism")
    approved_year: int | None = field("批准设立年份", "Year approved")
    planned_area_km2: float | None = field("规划面积（平方公里）", "Planned area, km²")
    planned_area_note: str = field("规划面积说明", "Qualifier of the area in its source")
    leading_industries: str = field("主导产业", "Leading industries")
    latitude: float | None = field("纬度", "Latitude")
    longitude: float | None = field("经度", "Longitude")
    separation_pilot_from: datetime.date | None = field(
        "管运分离试点起始日期", "Date the zone became a 管运分离 pilot; null if it is not one"
    )
    is_demonstration_zone: bool = field("“1+11”转型综改示范区", "Member of the “1+11” group")
    is_verified: bool = field("名称已核实", "Name verified in public sources")

    @staticmethod
    def resolve_level_label(zone) -> str:
        return zone.get_level_display()

    @staticmethod
    def resolve_kind_label(zone) -> str:
        return zone.get_kind_display()

    @staticmethod
    def resolve_category_label(zone) -> str:
        return zone.get_category_display()


class ZoneDetailOut(ZoneOut):
    source: str = field("来源", "Public source of the zone's data")
    as_of: datetime.date = field("截至日期", "The date the indicators are as of")
    indicators: list[IndicatorValueOut] = field("指标", "Every indicator of the zone")


class ZoneFilter(FilterSchema):
    city: Annotated[
        str | None, FilterLookup(["city__adcode", "city__name", "city__short_name"])
    ] = field("所在市", "City: adcode (140100) or name (太原市 / 太原)", None)
    level: ZoneLevel | None = field("级别", "Level", None)
    kind: ZoneKind | None = field("类型", "Kind", None)
    category: ZoneCategory | None = field("类别", "Category", None)
    pilot: bool | None = field(
        "管运分离试点", "Only pilots of 管运分离 (true) or only others", None
    )
    demonstration: Annotated[bool | None, FilterLookup("is_demonstration_zone")] = field(
        "“1+11”示范区", "Only members of the “1+11” group (true) or only others", None
    )
    verified: Annotated[bool | None, FilterLookup("is_verified")] = field(
        "名称已核实", "Only verified (true) or only unverified zones", None
    )
    q: Annotated[str | None, FilterLookup(["name__icontains", "short_name__icontains"])] = field(
        "名称搜索", "Search in the name and short name", None, max_length=60
    )

    def filter_pilot(self, value):
        from django.db.models import Q

        if value is None:
            return Q()
        return Q(separation_pilot_from__isnull=not value)


def cities_with_counts():
    from django.db.models import Count

    return City.objects.annotate(zone_count=Count("zones"))
