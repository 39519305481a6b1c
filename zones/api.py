"""API of cities and zones: lists, details with their indicators, a zone's monthly figures."""

import datetime
from typing import Annotated

from django.db.models import Count
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Status

from config.api_auth import AGGREGATES, MEMBERS, ensure_can_edit, visible_to
from config.api_errors import error_responses
from config.api_fields import ID, ReportDate, path
from config.api_lists import list_endpoint
from reforms.indicators import INDICATORS
from reforms.models import PeriodicFigures
from reforms.schemas import AsOfQuery, FiguresQuery, PeriodicFiguresIn, PeriodicFiguresOut
from reforms.services import periodic_figures_record

from .models import City, Zone
from .schemas import CityDetailOut, CityOut, ZoneDetailOut, ZoneFilter, ZoneOut
from .scopes import Scope

router = Router(tags=["开发区 · Zones"])
ZoneId = Annotated[int, path("开发区编号", "Zone id", **ID)]
Adcode = Annotated[str, path("行政区划代码", "GB/T 2260 code of the city", pattern=r"^\d{6}$")]


def _with_indicators(record, scope: Scope, as_of: datetime.date):
    record.as_of = as_of
    record.indicators = [value.as_dict() for value in INDICATORS.evaluate(as_of, scope)]
    return record


@list_endpoint(router, "/cities", CityOut, auth=AGGREGATES, summary="市列表 · Cities")
def list_cities(request):
    return City.objects.annotate(zone_count=Count("zones"))


@router.get(
    "/cities/{adcode}",
    response={200: CityDetailOut, **error_responses(401, 404, 422, 429)},
    auth=AGGREGATES,
    summary="市详情及指标 · A city with its indicators",
)
def get_city(
    request,
    query: Query[AsOfQuery],
    adcode: Adcode,
):
    city = get_object_or_404(City.objects.annotate(zone_count=Count("zones")), adcode=adcode)
    return _with_indicators(city, Scope(city=city), query.as_of_date())


@list_endpoint(
    router,
    "/zones",
    ZoneOut,
    auth=AGGREGATES,
    summary="开发区列表 · Zones",
    description="按市、级别、类型、类别、试点、“1+11”筛选，按名称搜索。"
    " Filter by city, level, kind, category, pilot, “1+11”; search by name.",
)
def list_zones(request, filters: Query[ZoneFilter]):
    return filters.filter(Zone.objects.select_related("city"))


@router.get(
    "/zones/{id}",
    response={200: ZoneDetailOut, **error_responses(401, 404, 422, 429)},
    auth=AGGREGATES,
    summary="开发区详情及当前指标 · A zone with its indicators",
)
def get_zone(request, query: Query[AsOfQuery], id: ZoneId):
    zone = get_object_or_404(Zone.objects.select_related("city"), pk=id)
    return _with_indicators(zone, Scope(city=zone.city, zone=zone), query.as_of_date())


@list_endpoint(
    router,
    "/zones/{id}/figures",
    PeriodicFiguresOut,
    auth=MEMBERS,
    summary="开发区月度填报数据 · A zone's monthly figures",
)
def list_zone_figures(request, query: Query[FiguresQuery], id: ZoneId):
    zone = get_object_or_404(visible_to(request, Zone), pk=id)
    figures = PeriodicFigures.objects.filter(zone=zone)
    if query.start:
        figures = figures.filter(period__gte=query.start)
    if query.end:
        figures = figures.filter(period__lte=query.end)
    return figures.order_by("period")


@router.put(
    "/zones/{id}/figures/{period}",
    response={
        200: PeriodicFiguresOut,
        201: PeriodicFiguresOut,
        **error_responses(401, 403, 404, 422, 429),
    },  # fmt: skip
    auth=MEMBERS,
    summary="填报开发区某月数据 · Record a zone's figures for a month",
    description="period 为该月第一天（如 2024-03-01）；已有则整体替换。与后台相同的校验。"
    " period is the first day of the month; an existing month is replaced. Same validation as the admin.",  # fmt: skip
)
def put_zone_figures(
    request,
    payload: PeriodicFiguresIn,
    id: ZoneId,
    period: Annotated[ReportDate, path("统计月份", "First day of the month, e.g. 2024-03-01")],
):
    zone = get_object_or_404(Zone, pk=id)
    ensure_can_edit(request, zone)
    record, created = periodic_figures_record(zone=zone, period=period, figures=payload.dict())
    return Status(201 if created else 200, record)
