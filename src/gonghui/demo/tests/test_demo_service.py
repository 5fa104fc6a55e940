"""The demo city's service centre: the report's figures at the demo's scale, a network with
a station per town and a point per joint union, cases consistent with their own rules."""

import pytest
from django.db.models import Count

from gonghui.core.indicators import Period
from gonghui.demo import service as demo_service
from gonghui.demo.city import city_generate
from gonghui.orgs.models import Level, Org
from gonghui.service import indicators
from gonghui.service.models import Case, CaseStatus, RecuperationCertificate, ServiceSite

SCALE = 0.05


@pytest.fixture
def demo(db):
    city_generate(seed=2013, scale=SCALE)
    return demo_service.build(seed=2013, scale=SCALE)


def test_the_demo_gives_the_reports_figures_at_its_scale(demo):
    root, year = Org.objects.get(level=Level.FEDERATION), Period.year(2012)
    expected = {
        "cases": round(83 * SCALE), "workers_involved": round(96 * SCALE), "amount_involved": round(106_000 * SCALE),
        "lawyer_rules_reviewed": round(38 * SCALE), "lawyer_lectures": round(46 * SCALE), "legal_aid": round(18 * SCALE),
        "recuperation_groups": round(227 * SCALE), "recuperation_permits": round(227 * SCALE), "recuperation_certificates": round(713 * SCALE),
    }
    actual = {code: getattr(indicators, code)(root, year) for code in expected}
    assert actual == expected
    assert indicators.stations(root, year) == Org.objects.filter(level=Level.TOWN).count()
    assert indicators.points(root, year) == Org.objects.filter(level=Level.JOINT).count()


def test_the_demo_network_and_cases_keep_their_rules(demo):
    assert ServiceSite.objects.filter(tier="centre").count() == 1
    assert not ServiceSite.objects.values("org").annotate(n=Count("id")).filter(n__gt=1).exists()
    for case in Case.objects.all():
        kinds = list(case.steps.values_list("kind", flat=True))
        assert kinds[:3] == ["register", "assign", "accept"]
        assert ("conclude" in kinds) == (case.status in (CaseStatus.CONCLUDED, CaseStatus.VISITED))
        assert case.amount_recovered is None or case.amount_recovered <= case.amount_involved
    assert Case.objects.filter(received_on__year=2013, status=CaseStatus.IN_PROGRESS).exists()  # the overdue list has something to show
    for certificate in RecuperationCertificate.objects.select_related("group"):
        assert certificate.number.startswith(certificate.group.permit_number + "-")
        assert certificate.group.permit_issued_on <= certificate.issued_on <= certificate.group.start_on


def test_the_demo_is_the_same_for_the_same_seed(db):
    city_generate(seed=7, scale=0.02)
    first = demo_service.build(seed=7, scale=0.02)
    numbers = sorted(Case.objects.values_list("number", "amount_involved", "workers_count"))
    city_generate(seed=7, scale=0.02, reset=True)
    assert demo_service.build(seed=7, scale=0.02) == first
    assert len(sorted(Case.objects.values_list("number", "amount_involved", "workers_count"))) == len(numbers)
