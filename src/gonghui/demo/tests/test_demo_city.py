"""The demo city: the report's shape, valid codes, a consistent tree, the same city for the
same seed, and demo logins that work at every level."""

import io
from collections import Counter

import pytest
from django.core.management import CommandError, call_command

from gonghui.accounts.models import User
from gonghui.core import scope
from gonghui.core.indicators import Period
from gonghui.core.models import AuditEntry
from gonghui.core.validators import clean_credit_code
from gonghui.demo.accounts import DEMO_LOGINS, DEMO_PASSWORD, DEMO_USERNAMES, print_demo_logins
from gonghui.demo.names import TOWNS
from gonghui.demo.plan import plan_city
from gonghui.orgs.indicators import new_single_unions
from gonghui.orgs.models import KINDS_BY_LEVEL, Enterprise, Formation, LegalPersonRegistration, Level, Org, OrgKind

SCALE = 0.05


def generate(**options):
    out = io.StringIO()
    call_command("demo", scale=SCALE, stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def demo_city(db):
    generate()


def test_at_full_scale_the_plan_has_the_report_figures():
    plan = plan_city(seed=2013, scale=1.0)
    assert plan.count(Level.FEDERATION) == 1
    assert plan.count(Level.TOWN) == 19
    assert plan.count(Level.JOINT) == 338
    assert 2800 <= plan.count(Level.PRIMARY) <= 3200
    assert 13500 <= len(plan.enterprises) <= 14500
    formations = Counter(e.formation for e in plan.enterprises)
    assert formations[Formation.SINGLE] == sum(1 for o in plan.orgs if o.kind == OrgKind.ENTERPRISE)
    assert formations[Formation.JOINT] > formations[Formation.NONE] > 0
    assert 0.12 <= sum(e.above_scale for e in plan.enterprises) / len(plan.enterprises) <= 0.18
    assert sum(1 for e in plan.enterprises if e.industry == "C") / len(plan.enterprises) > 0.7
    founded_2012 = [o for o in plan.orgs if o.kind == OrgKind.ENTERPRISE and o.established_on.year == 2012]
    assert len(founded_2012) == 123  # 新增企业单建工会123家
    registrations_2012 = Counter(r.kind for r in plan.registrations if r.registered_on.year == 2012)
    assert registrations_2012 == {"new": 153, "change": 135}  # 新建工会法人登记153家，变更135家
    years = {o.established_on.year for o in plan.orgs}
    assert min(years) == 1990 and max(years) == 2012
    kinds = Counter(o.kind for o in plan.orgs if o.level == Level.JOINT)
    assert kinds[OrgKind.VILLAGE] > kinds[OrgKind.COMMUNITY] > kinds[OrgKind.REGIONAL] > 0 and kinds[OrgKind.INDUSTRY] > 0


def test_the_city_has_a_federation_and_the_19_real_towns_of_cixi(demo_city):
    federation = Org.objects.get(level=Level.FEDERATION)
    assert (federation.code, federation.name, federation.kind) == ("330282", "慈溪市总工会", OrgKind.FEDERATION)
    towns = list(Org.objects.filter(level=Level.TOWN).order_by("code"))
    assert [(t.code, t.name) for t in towns] == [(f"330282-{i:02d}", f"{name}总工会") for i, (name, _, _) in enumerate(TOWNS, start=1)]
    assert {t.kind for t in towns} == {OrgKind.TOWN}
    assert all(t.parent_id == federation.pk for t in towns)
    assert Org.objects.filter(level=Level.JOINT).count() == max(19, round(338 * SCALE))
    assert set(Org.objects.filter(level=Level.JOINT).values_list("parent__level", flat=True)) == {Level.TOWN}


def test_every_node_sits_at_its_level_under_a_parent_one_level_up_and_its_path_extends_the_parents(demo_city):
    orgs = {org.pk: org for org in Org.objects.all()}
    for org in orgs.values():
        assert org.kind in KINDS_BY_LEVEL[org.level], org
        if org.parent_id is None:
            assert org.level == Level.FEDERATION and org.path == scope.segment(org.pk)
            continue
        parent = orgs[org.parent_id]
        assert org.path == parent.path + scope.segment(org.pk), org
        assert parent.level == org.level - 1 or (org.level == Level.PRIMARY and parent.level == Level.TOWN), org
        assert org.code.startswith(parent.code + "-"), org
        assert parent.established_on <= org.established_on, org


def test_every_credit_code_is_valid_and_every_enterprise_is_filed_in_its_own_town(demo_city):
    enterprises = list(Enterprise.objects.select_related("org", "address_town"))
    assert len(enterprises) == round(14000 * SCALE)
    for enterprise in enterprises:
        assert clean_credit_code(enterprise.credit_code) == enterprise.credit_code
        assert enterprise.credit_code[2:8] == "330282"
        assert enterprise.address_town.level == Level.TOWN
        assert enterprise.org.path.startswith(enterprise.address_town.path)
    filed_under = {formation: {e.org.level for e in enterprises if e.formation == formation} for formation in Formation.values}
    assert filed_under == {Formation.SINGLE: {Level.PRIMARY}, Formation.JOINT: {Level.JOINT}, Formation.NONE: {Level.TOWN}}


def test_each_enterprise_union_has_exactly_one_single_enterprise_and_other_unions_none(demo_city):
    singles = Counter(Enterprise.objects.filter(formation=Formation.SINGLE).values_list("org_id", flat=True))
    enterprise_unions = set(Org.objects.filter(kind=OrgKind.ENTERPRISE).values_list("pk", flat=True))
    assert set(singles) == enterprise_unions
    assert set(singles.values()) == {1}
    for union in Org.objects.filter(kind=OrgKind.ENTERPRISE).prefetch_related("enterprises")[:50]:
        assert union.name == union.enterprises.get().name + "工会"


def test_the_2012_figures_are_records_an_indicator_can_count(demo_city):
    federation = Org.objects.get(level=Level.FEDERATION)
    assert new_single_unions(federation, Period.year(2012)) == round(123 * SCALE)
    registrations = Counter(LegalPersonRegistration.objects.filter(registered_on__year=2012).values_list("kind", flat=True))
    assert registrations == {"new": round(153 * SCALE), "change": round(135 * SCALE)}
    clerk = User.objects.get(username="city_clerk")
    assert set(LegalPersonRegistration.objects.values_list("recorded_by", flat=True)) == {clerk.pk}


def city_content():
    return (
        list(Org.objects.order_by("code").values_list("code", "name", "kind", "established_on", "chair_name", "address")),
        list(Enterprise.objects.order_by("credit_code").values_list("credit_code", "name", "org__code", "formation", "industry", "ownership", "above_scale", "employee_count")),
        list(LegalPersonRegistration.objects.order_by("org__code", "registered_on", "kind").values_list("org__code", "kind", "certificate_number", "registered_on", "legal_representative")),
        list(User.objects.filter(username__in=DEMO_USERNAMES).order_by("username").values_list("username", "role", "org__code")),
    )


def test_the_same_seed_gives_the_same_city_and_another_seed_another(db):
    generate(seed=2013)
    first = city_content()
    generate(seed=2013, reset=True)
    assert city_content() == first
    generate(seed=7, reset=True)
    other = city_content()
    assert [name for _, name, *_ in other[0]] != [name for _, name, *_ in first[0]]
    assert Org.objects.filter(level=Level.TOWN).count() == 19


def test_it_refuses_a_database_that_is_not_empty_unless_told_to_reset(demo_city):
    with pytest.raises(CommandError, match="--reset"):
        generate()
    assert Org.objects.filter(level=Level.FEDERATION).count() == 1


def test_reset_refuses_a_database_with_real_accounts(demo_city, make_user):
    make_user("clerk", Org.objects.get(code="330282-02"), username="real_clerk")
    with pytest.raises(CommandError, match="real_clerk"):
        generate(reset=True)
    assert User.objects.filter(username="city_clerk").exists()


def test_generation_is_one_audit_entry_by_the_system_per_part(demo_city):
    """Each part of the demo says once, as the system, what it wrote. (A part may also go
    through the services for a few records, e.g. claims left waiting for a reviewer; those
    are audited as any service call is.)"""
    parts = [e for e in AuditEntry.objects.all() if e.object_type.startswith("demo.")]
    twice = [t for t, n in Counter(e.object_type for e in parts).items() if n > 1]
    assert not twice, f"parts that wrote more than one audit entry: {twice}"
    entries = {e.object_type: e for e in parts}
    assert all((e.action, e.actor_id, e.actor_name) == ("import", None, "system") for e in entries.values())
    city = entries.pop("demo.city")
    assert "演示城市" in city.summary and "种子 2013" in city.summary and "企业" in city.summary
    assert "生成会员" in entries.pop("demo.members").summary
    assert {"demo.cards", "demo.service", "demo.mutualaid"} <= set(entries)


@pytest.mark.parametrize("login", DEMO_LOGINS, ids=lambda login: login.username)
def test_each_demo_login_signs_in_with_the_printed_password_and_lands_where_expected(demo_city, client, login):
    response = client.post("/accounts/login/", {"username": login.username, "password": DEMO_PASSWORD})
    if login.role in {"system_admin", "security_admin", "audit_admin"}:
        assert response.status_code == 302 and response["Location"] == "/accounts/two-factor/"
        # Administrators enrol a TOTP app at first sign-in: the page shows the code to scan.
        enrol = client.get("/accounts/two-factor/")
        assert enrol.status_code == 200 and "<svg" in enrol.content.decode()
        return
    assert response.status_code == 302 and response["Location"] == "/"
    if login.role in {"merchant", "member"}:
        # Outside the federation: the home page sends a merchant to the counter, a member to the e-card.
        own_page = client.get("/")
        assert own_page.status_code == 302 and client.get(own_page["Location"]).status_code == 200
        return
    home = client.get("/")
    assert home.status_code == 200
    user = User.objects.select_related("org").get(username=login.username)
    assert user.org.level == {"federation": 1, "town": 2, "village": 3, "workplace": 4}[login.node]


def test_the_demo_logins_sit_in_one_line_of_the_tree(demo_city):
    orgs = {u.username: u.org for u in User.objects.select_related("org").filter(username__in=DEMO_USERNAMES)}
    assert orgs["town_clerk"].name == "浒山街道总工会"
    assert orgs["village_clerk"].parent == orgs["town_clerk"]
    assert orgs["village_clerk"].kind in {OrgKind.VILLAGE, OrgKind.COMMUNITY}
    assert orgs["workplace_clerk"].parent == orgs["village_clerk"]
    assert orgs["workplace_clerk"].kind == OrgKind.ENTERPRISE
    assert {orgs[name].code for name in ("city_clerk", "sysadmin", "secadmin", "auditadmin")} == {"330282"}


def test_print_demo_logins_prints_nothing_without_them_and_a_table_after(db):
    out = io.StringIO()
    print_demo_logins(out)
    assert out.getvalue() == ""
    generate()
    out = io.StringIO()
    print_demo_logins(out)
    table = out.getvalue()
    for username in DEMO_USERNAMES:
        assert username in table
    assert table.count(DEMO_PASSWORD) == len(DEMO_USERNAMES)
    assert "浒山街道总工会" in table and "审计管理员" in table


def test_a_changed_password_is_no_longer_printed(demo_city):
    user = User.objects.get(username="town_clerk")
    user.set_password("Another@2014")
    user.password_changed_at = user.date_joined.replace(year=2030)
    user.save()
    out = io.StringIO()
    print_demo_logins(out)
    line = next(line for line in out.getvalue().splitlines() if "town_clerk" in line)
    assert DEMO_PASSWORD not in line and "已修改" in line


def test_the_demo_members_are_well_formed_and_spread_over_the_unions(demo_city):
    from gonghui.core.indicators import Period
    from gonghui.core.validators import clean_id_number
    from gonghui.members.indicators import collected, recruited
    from gonghui.members.models import Member

    city = Org.objects.get(level=1)
    members = list(Member.objects.select_related("org")[:500])
    assert all(clean_id_number(m.id_number.reveal()) == m.id_number.reveal() for m in members)
    assert all(m.org.level >= 3 for m in members)
    assert collected(city, Period.year(2012)) == round(194_969 * 0.05)
    assert recruited(city, Period.year(2012)) == round(11_984 * 0.05)
