"""Instructors, workers' congresses and union building: the rules each record keeps and the
figures they make."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from gonghui.bargaining import indicators, services
from gonghui.bargaining.models import RatingYear, StarRating
from gonghui.core.indicators import Period
from gonghui.core.roles import Role
from gonghui.orgs.models import Enterprise
from gonghui.testing import make_user

D = datetime.date
YEAR = Period.year(2012)


def test_a_rating_for_a_year_not_yet_open_is_refused(city, clerk_a):
    union = city.primaries[0]
    with pytest.raises(ValidationError) as refused:
        services.rating_record(acting_user=clerk_a, org=union, year=2012, stars=5, rated_on=D(2012, 12, 20))
    assert "尚未开放" in refused.value.message_dict["year"][0]
    assert not StarRating.objects.exists()
    with pytest.raises(ValidationError):
        services.rating_year_open(acting_user=clerk_a, year=2012)  # a town may not open a year
    services.rating_year_open(acting_user=make_user(Role.CLERK, city.federation), year=2012)
    services.rating_record(acting_user=clerk_a, org=union, year=2012, stars=5, rated_on=D(2012, 12, 20))
    services.rating_record(acting_user=clerk_a, org=city.primaries[1], year=2012, stars=3, rated_on=D(2012, 12, 20))
    assert (indicators.five_star_unions(city.federation, YEAR), indicators.three_star_unions(city.federation, YEAR)) == (1, 1)
    assert indicators.five_star_unions(city.town_b, YEAR) == 0
    with pytest.raises(ValidationError):
        services.rating_record(acting_user=clerk_a, org=union, year=2012, stars=4, rated_on=D(2012, 12, 21))
    RatingYear.objects.filter(year=2012).update(is_open=False)
    with pytest.raises(ValidationError):
        services.rating_record(acting_user=clerk_a, org=city.primaries[1], year=2012, stars=4, rated_on=D(2012, 12, 21))


def test_the_two_displays_rate_counts_unions_with_both_displays(city, clerk_a):
    first, second = city.primaries[:2]
    services.displays_record(acting_user=clerk_a, org=first, plaque_on=D(2012, 3, 1), identity_on=D(2012, 4, 1))
    services.displays_record(acting_user=clerk_a, org=second, plaque_on=D(2012, 3, 1), identity_on=None)
    ratio = indicators.two_displays_rate(city.town_a, YEAR)
    assert (ratio.numerator, ratio.denominator) == (1, 2) and "基层工会" in ratio.base
    assert list(indicators.without_two_displays(city.town_a, D(2012, 12, 31))) == [second]


def test_congress_rates_split_state_owned_from_the_rest(city, clerk_a):
    state, private = [e for e in city.enterprises if e.formation == "single" and e.org.path.startswith(city.town_a.path)]
    Enterprise.objects.filter(pk=state.pk).update(ownership="state_controlled")
    services.democracy_record(acting_user=clerk_a, org=state.org, data={"congress_established_on": D(2012, 5, 1), "disclosure_established_on": D(2012, 5, 1)})
    assert str(indicators.congress_rate_state(city.town_a, YEAR)) == "100.0%"
    other = indicators.congress_rate_other(city.town_a, YEAR)
    assert (other.numerator, other.denominator) == (0, 1)
    assert indicators.congress_new(city.town_a, YEAR) == 1 and indicators.congress_new(city.town_a, Period.year(2011)) == 0
    assert indicators.disclosure_rate(city.town_a, YEAR).numerator == 1
    with pytest.raises(ValidationError):  # a village is not a workplace
        services.democracy_record(acting_user=clerk_a, org=city.villages[0], data={"congress_established_on": D(2012, 5, 1)})
    with pytest.raises(ValidationError):  # another town's workplace
        services.democracy_record(acting_user=clerk_a, org=city.primaries[-1], data={"congress_established_on": D(2012, 5, 1)})


def test_instructors_certificates_and_classes_make_their_figures(city, clerk_a):
    instructor = services.instructor_register(acting_user=clerk_a, org=city.town_a, data={"name": "胡建国", "unit": "", "position": "工会主席", "registered_on": D(2012, 3, 1)})
    services.instructor_register(acting_user=clerk_a, org=city.town_a, data={"name": "孙立新", "unit": "", "position": "", "registered_on": D(2013, 1, 5)})
    training = services.class_create(acting_user=clerk_a, org=city.town_a, data={"name": "第1期", "start_on": D(2012, 4, 1), "end_on": D(2012, 4, 3), "place": ""})
    services.class_attend(acting_user=clerk_a, training_class=training, instructor=instructor)
    with pytest.raises(ValidationError):
        services.class_attend(acting_user=clerk_a, training_class=training, instructor=instructor)
    with pytest.raises(ValidationError):
        services.certificate_add(acting_user=clerk_a, instructor=instructor, data={"number": "N1", "issuer": "宁波市总工会", "level": "ningbo", "issued_on": D(2012, 1, 1)})
    services.certificate_add(acting_user=clerk_a, instructor=instructor, data={"number": "N1", "issuer": "宁波市总工会", "level": "ningbo", "issued_on": D(2012, 5, 1)})
    with pytest.raises(ValidationError):
        services.class_create(acting_user=clerk_a, org=city.town_a, data={"name": "倒置", "start_on": D(2012, 4, 3), "end_on": D(2012, 4, 1), "place": ""})
    with pytest.raises(ValidationError):  # guiding another town's enterprise
        services.guidance_add(acting_user=clerk_a, instructor=instructor, enterprise=city.enterprises[-1], since=D(2012, 6, 1))
    services.guidance_add(acting_user=clerk_a, instructor=instructor, enterprise=city.enterprises[0], since=D(2012, 6, 1))
    assert (indicators.instructors(city.federation, YEAR), indicators.instructors_certified(city.federation, YEAR)) == (1, 1)
    assert indicators.instructors(city.federation, Period.year(2013)) == 2
    assert indicators.instructor_classes(city.town_a, YEAR) == 1 and indicators.instructor_classes(city.town_b, YEAR) == 0


def test_regional_congresses_reviews_and_elections_keep_their_rules(city, clerk_a):
    regional = city.villages[1]
    joint = [e for e in city.enterprises if e.org_id == regional.pk]
    services.regional_congress_create(acting_user=clerk_a, org=regional, data={"name": "工业区职代会", "established_on": D(2012, 6, 1), "representatives": 40}, enterprises=joint)
    with pytest.raises(ValidationError):
        services.regional_congress_create(acting_user=clerk_a, org=regional, data={"name": "越界", "established_on": D(2012, 6, 1), "representatives": 1},
                                          enterprises=[city.enterprises[0]])
    assert indicators.regional_congresses(city.federation, YEAR) == 1
    with pytest.raises(ValidationError):
        services.review_create(acting_user=clerk_a, org=city.primaries[0], data={"held_on": D(2012, 5, 1), "participants": 10, "satisfied": 11})
    with pytest.raises(ValidationError):
        services.election_create(acting_user=clerk_a, org=city.primaries[0], data={"elected_on": D(2012, 5, 1), "chair_name": "王伟", "voters": 10, "votes_for": 12})
    services.election_create(acting_user=clerk_a, org=city.primaries[0], data={"elected_on": D(2012, 5, 1), "chair_name": "王伟", "voters": 10, "votes_for": 8})
    assert indicators.chair_elections(city.town_a, YEAR) == 1
