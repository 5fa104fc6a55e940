"""Builders for tests and benchmarks: a small city with generated (never real) data."""

from dataclasses import dataclass, field

from django.utils import timezone

from gonghui.core import scope
from gonghui.core.validators import credit_code_check_char

TEST_PASSWORD = "Test-Pass-2013"


def credit_code(number: int) -> str:
    first17 = f"91330282{number:09d}"
    return first17 + credit_code_check_char(first17)


def make_org(*, name, level, kind, parent=None, code=None, **extra):
    from gonghui.orgs.models import Org

    org = Org.objects.create(code=code or f"T{Org.objects.count() + 1:06d}", name=name, level=level, kind=kind, parent=parent, path=f"tmp-{name}-{code}", **extra)
    org.path = (parent.path if parent else "") + scope.segment(org.pk)
    org.save(update_fields=["path"])
    return org


def make_enterprise(*, org, town, number, name=None, formation="none", **extra):
    from gonghui.orgs.models import Enterprise

    defaults = dict(industry="C", ownership="private", above_scale=False, employee_count=50)
    defaults.update(extra)
    return Enterprise.objects.create(credit_code=credit_code(number), name=name or f"测试企业{number}", org=org, address_town=town, formation=formation, **defaults)


def make_user(role, org, *, username=None, password=TEST_PASSWORD, **extra):
    from gonghui.accounts.models import User

    user = User(username=username or f"{role}-{org.code}-{User.objects.count() + 1}", role=role, org=org, display_name=f"{org.name}{role}", must_change_password=False, password_changed_at=timezone.now(), **extra)
    user.set_password(password)
    user.save()
    return user


def login_as(client, user):
    """Sign a test client in as user, past the password and two-factor gates."""
    client.force_login(user)
    session = client.session
    session["last_seen"] = timezone.now().timestamp()
    session.save()
    return client


@dataclass
class City:
    federation: object = None
    towns: list = field(default_factory=list)
    villages: list = field(default_factory=list)
    primaries: list = field(default_factory=list)
    enterprises: list = field(default_factory=list)

    @property
    def town_a(self):
        return self.towns[0]

    @property
    def town_b(self):
        return self.towns[1]


class CityFactory:
    """A federation with two towns; each town has a village and a regional joint union, and
    each village two workplace unions, each with its enterprise; plus one enterprise with no
    union per town."""

    def build(self) -> City:
        from gonghui.orgs.models import Level

        city = City()
        city.federation = make_org(name="慈溪市总工会", level=Level.FEDERATION, kind="federation", code="C")
        number = 1
        for t, town_name in enumerate(["浒山街道总工会", "观海卫镇总工会"], start=1):
            town = make_org(name=town_name, level=Level.TOWN, kind="town", parent=city.federation, code=f"C-{t:02d}")
            city.towns.append(town)
            village = make_org(name=f"{town_name[:3]}一村工会", level=Level.JOINT, kind="village", parent=town, code=f"C-{t:02d}-001")
            regional = make_org(name=f"{town_name[:3]}工业区联合工会", level=Level.JOINT, kind="regional", parent=town, code=f"C-{t:02d}-002")
            city.villages += [village, regional]
            for p in range(1, 3):
                primary = make_org(name=f"{town_name[:3]}企业{p}工会", level=Level.PRIMARY, kind="enterprise", parent=village, code=f"C-{t:02d}-001-{p:03d}")
                city.primaries.append(primary)
                city.enterprises.append(make_enterprise(org=primary, town=town, number=number, name=f"{town_name[:3]}企业{p}", formation="single"))
                number += 1
            city.enterprises.append(make_enterprise(org=regional, town=town, number=number, formation="joint"))
            number += 1
            city.enterprises.append(make_enterprise(org=town, town=town, number=number, formation="none"))
            number += 1
        return city


def id_number(sequence: int, birth: str = "19850315", region: str = "330282") -> str:
    """A generated ID number with a correct check digit (never a real person's)."""
    from gonghui.core.validators import id_number_check_char

    first17 = f"{region}{birth}{sequence % 1000:03d}"
    return first17 + id_number_check_char(first17)


def member_data(sequence: int, **extra) -> dict:
    import datetime

    data = {"name": f"会员{sequence}", "id_number": id_number(sequence), "mobile": f"1380000{sequence:04d}", "ethnicity": "汉族",
            "education": "senior", "household": "urban", "joined_on": datetime.date(2010, 5, 1), "enterprise": None}
    data.update(extra)
    return data
