"""Every published figure of the reform comes out of the indicator registry from the demo data."""

import pytest

from reforms.indicators import INDICATORS
from zones.demo.published import AUG_2024, MARKET_TARGET_MET_CITIES, PUBLISHED
from zones.models import City
from zones.scopes import Scope

pytestmark = pytest.mark.django_db


def _scope(city_short_name):
    return Scope(city=City.objects.get(short_name=city_short_name)) if city_short_name else Scope()


@pytest.mark.parametrize(
    "figure", PUBLISHED, ids=[f"{f.code}-{f.city or 'province'}-{f.as_of}" for f in PUBLISHED]
)
def test_published_figure_is_reproduced(figure):
    [computed] = INDICATORS.evaluate(figure.as_of, _scope(figure.city), [figure.code])

    # Published to a number of decimals: the indicator rounds to the same, so equality is exact.
    assert computed.value == figure.value


def test_market_selected_target_met_exactly_in_the_cities_published_as_done():
    shares = INDICATORS.evaluate_by(AUG_2024, "city", codes=["market_selected_leader_share"])

    met = {city.short_name for city, [share] in shares.items() if share.value >= 10}

    assert met == set(MARKET_TARGET_MET_CITIES)


def test_every_published_code_is_in_the_registry():
    assert {f.code for f in PUBLISHED} <= {i.code for i in INDICATORS}
