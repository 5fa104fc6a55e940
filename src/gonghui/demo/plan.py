"""The demo city as plain data: what `gonghui demo` writes, decided before anything is written.

The plan is a function of the seed and the scale alone (one random.Random drives it, no
database ids take part), so the same seed gives the same codes, names, dates and figures on
SQLite and PostgreSQL alike. At scale 1 the city has the shape of the report: a federation,
19 towns and streets, 338 village, community and joint unions, about 3,000 workplace unions
and 14,000 enterprises; 123 enterprise unions founded in 2012; 153 new and 135 changed
legal-person registrations in 2012.
"""

import datetime
import math
import random
from dataclasses import dataclass, field

from gonghui.core.validators import credit_code_check_char
from gonghui.demo import names
from gonghui.orgs.models import Formation, Level, OrgKind, Ownership, RegistrationKind

# Figures of the city at scale 1 (the counts the report gives, or the shape it implies).
JOINT_UNIONS = 338  # 村(社区)职工服务点 338个: one level-3 union each
ENTERPRISE_UNIONS = 2880
INSTITUTION_UNIONS = 120
ORGAN_UNIONS = 50
ENTERPRISES = 14000
JOINT_ENTERPRISES = 8600
NEW_ENTERPRISE_UNIONS_2012 = 123  # 新增企业单建工会123家
REGISTRATIONS_NEW_2012 = 153  # 办理新建工会法人登记153家
REGISTRATIONS_CHANGED_2012 = 135  # 变更135家

REPORT_YEAR = 2012
MIN_SCALE, MAX_SCALE = 0.01, 20.0

ABOVE_SCALE_SHARE = {Formation.SINGLE: 0.5, Formation.JOINT: 0.06, Formation.NONE: 0.04}
OWNERSHIP_WEIGHTS = {
    Formation.SINGLE: [(Ownership.PRIVATE, 78), (Ownership.FOREIGN, 7), (Ownership.HMT, 5), (Ownership.COLLECTIVE, 4),
                       (Ownership.STATE_CONTROLLED, 3), (Ownership.STATE, 1), (Ownership.OTHER, 2)],
    Formation.JOINT: [(Ownership.PRIVATE, 92), (Ownership.COLLECTIVE, 3), (Ownership.FOREIGN, 2), (Ownership.HMT, 1), (Ownership.OTHER, 2)],
    Formation.NONE: [(Ownership.PRIVATE, 94), (Ownership.COLLECTIVE, 2), (Ownership.FOREIGN, 1), (Ownership.OTHER, 3)],
}
# How many joint-filed enterprises a level-3 union of each kind covers, relatively.
JOINT_COVER_WEIGHT = {OrgKind.REGIONAL: 4.0, OrgKind.INDUSTRY: 3.0, OrgKind.VILLAGE: 1.0, OrgKind.COMMUNITY: 0.6}
PRIMARY_UNDER_TOWN_SHARE = 0.3  # the rest of the workplace unions sit under a village or joint union


@dataclass
class OrgPlan:
    code: str
    name: str
    level: int
    kind: str
    parent_code: str | None
    town_code: str | None  # the town it lies in (None for the federation)
    established_on: datetime.date | None = None
    chair_name: str = ""
    address: str = ""


@dataclass
class EnterprisePlan:
    credit_code: str
    name: str
    industry: str
    ownership: str
    above_scale: bool
    employee_count: int
    town_code: str
    org_code: str
    formation: str
    address: str


@dataclass
class RegistrationPlan:
    org_code: str
    kind: str
    certificate_number: str
    registered_on: datetime.date
    valid_until: datetime.date
    legal_representative: str
    note: str


@dataclass
class CityPlan:
    seed: int
    scale: float
    orgs: list[OrgPlan] = field(default_factory=list)  # parents before children
    enterprises: list[EnterprisePlan] = field(default_factory=list)
    registrations: list[RegistrationPlan] = field(default_factory=list)
    # The nodes the demo logins belong to, by role in the tree: federation, town, village, workplace.
    login_orgs: dict[str, str] = field(default_factory=dict)

    def count(self, level: int) -> int:
        return sum(1 for org in self.orgs if org.level == level)


def spread(total: int, weights: list[float], minimum: int = 0) -> list[int]:
    """Split `total` over the weights, each share at least `minimum` (largest remainder);
    a total too small for the minimums is raised to them."""
    rest = max(total - minimum * len(weights), 0)
    quotas = [rest * w / sum(weights) for w in weights]
    shares = [math.floor(q) for q in quotas]
    by_remainder = sorted(range(len(weights)), key=lambda i: (shares[i] - quotas[i], i))
    for i in by_remainder[: rest - sum(shares)]:
        shares[i] += 1
    return [minimum + s for s in shares]


def day_between(rng: random.Random, first: datetime.date, last: datetime.date, *, lean_late: bool = False) -> datetime.date:
    """A day in [first, last]; lean_late favours recent years, as union building sped up."""
    span = max((last - first).days, 0)
    draw = rng.random() ** 0.5 if lean_late else rng.random()
    return first + datetime.timedelta(days=int(span * draw))


def organisation_code_check_char(first8: str) -> str:
    """GB 11714 check character of an organisation code (positions 9-17 of a credit code)."""
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    total = sum((int(c) if c.isdigit() else ord(c) - 55) * w for c, w in zip(first8, weights))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def credit_code(rng: random.Random, taken: set[str]) -> str:
    """A GB 32100 code for a company registered in the city: 91 + 330282 + organisation code + check."""
    while True:
        body = f"{rng.randrange(10**8):08d}"
        if body not in taken:
            taken.add(body)
            first17 = f"91{names.REGION_CODE}{body}{organisation_code_check_char(body)}"
            return first17 + credit_code_check_char(first17)


class _Planner:
    def __init__(self, seed: int, scale: float):
        if not MIN_SCALE <= scale <= MAX_SCALE:
            raise ValueError(f"规模应在 {MIN_SCALE} 至 {MAX_SCALE} 之间，当前为 {scale}")
        self.rng = random.Random(seed)
        self.scale = scale
        self.plan = CityPlan(seed=seed, scale=scale)
        self.org_names: set[str] = set()
        self.company_names: set[str] = set()
        self.places: set[str] = set()
        self.code_bodies: set[str] = set()
        self.child_numbers: dict[str, int] = {}
        self.trade_of_union: dict[str, str] = {}
        self.by_code: dict[str, OrgPlan] = {}
        self.founded_2012: list[OrgPlan] = []

    def scaled(self, figure: int) -> int:
        return round(figure * self.scale)

    def add_org(self, *, name, level, kind, parent: OrgPlan | None, town_code=None, code=None) -> OrgPlan:
        if code is None:
            self.child_numbers[parent.code] = number = self.child_numbers.get(parent.code, 0) + 1
            code = f"{parent.code}-{number:03d}"
        if name:
            self.org_names.add(name)
        org = OrgPlan(code=code, name=name, level=level, kind=kind, parent_code=parent.code if parent else None,
                      town_code=town_code, chair_name=names.person(self.rng))
        self.plan.orgs.append(org)
        self.by_code[code] = org
        return org

    def add_enterprise(self, *, org: OrgPlan, town: OrgPlan, formation: str, trade_name: str | None = None) -> EnterprisePlan:
        rng = self.rng
        trade_name = trade_name or names.trade(rng)
        above = rng.random() < ABOVE_SCALE_SHARE[formation]
        if formation == Formation.SINGLE:
            employees = min(8000, max(20, int(math.exp(rng.gauss(math.log(120), 0.9)))))
        else:
            employees = min(400, max(3, int(math.exp(rng.gauss(math.log(25), 0.8)))))
        if above:
            employees = max(employees, rng.randint(60, 300))
        enterprise = EnterprisePlan(
            credit_code=credit_code(rng, self.code_bodies),
            name=names.company(rng, self.company_names, trade_name),
            industry=names.TRADE_SECTIONS[trade_name],
            ownership=names.weighted(rng, OWNERSHIP_WEIGHTS[formation]),
            above_scale=above,
            employee_count=employees,
            town_code=town.code,
            org_code=org.code,
            formation=formation,
            address=names.address(rng, self.town_name(town)),
        )
        self.plan.enterprises.append(enterprise)
        return enterprise

    # The tree ----------------------------------------------------------------------------

    def build(self) -> CityPlan:
        rng = self.rng
        federation = self.add_org(name=f"{names.CITY}总工会", level=Level.FEDERATION, kind=OrgKind.FEDERATION, parent=None, code=names.REGION_CODE)
        towns = [
            self.add_org(name=f"{town}总工会", level=Level.TOWN, kind=OrgKind.TOWN, parent=federation, code=f"{names.REGION_CODE}-{i:02d}")
            for i, (town, _, _) in enumerate(names.TOWNS, start=1)
        ]
        for town in towns:
            town.town_code = town.code
        village_weights = [w for _, w, _ in names.TOWNS]
        enterprise_weights = [w for _, _, w in names.TOWNS]
        joint_counts = spread(self.scaled(JOINT_UNIONS), village_weights, minimum=1)
        joint_unions = {town.code: self.plan_joint_unions(town, n) for town, n in zip(towns, joint_counts)}

        union_counts = spread(self.scaled(ENTERPRISE_UNIONS), enterprise_weights, minimum=1)
        institution_counts = spread(self.scaled(INSTITUTION_UNIONS), village_weights)
        organ_counts = spread(self.scaled(ORGAN_UNIONS), village_weights)
        for i, town in enumerate(towns):
            self.plan_primary_unions(town, joint_unions[town.code], union_counts[i], institution_counts[i], organ_counts[i])

        singles = sum(union_counts)
        joint_total = self.scaled(JOINT_ENTERPRISES)
        none_total = max(self.scaled(ENTERPRISES) - singles - joint_total, 0)
        for town, joint_n, none_n in zip(towns, spread(joint_total, enterprise_weights), spread(none_total, enterprise_weights)):
            covering = joint_unions[town.code]
            cover_weights = [JOINT_COVER_WEIGHT[u.kind] for u in covering]
            for union in rng.choices(covering, weights=cover_weights, k=joint_n):
                self.add_enterprise(org=union, town=town, formation=Formation.JOINT, trade_name=self.trade_of_union.get(union.code))
            for _ in range(none_n):
                self.add_enterprise(org=town, town=town, formation=Formation.NONE)

        self.plan_dates(federation, towns)
        self.plan_registrations()
        first_village = joint_unions[towns[0].code][0]
        self.plan.login_orgs = {
            "federation": federation.code,
            "town": towns[0].code,
            "village": first_village.code,
            "workplace": f"{first_village.code}-001",
        }
        return self.plan

    def plan_joint_unions(self, town: OrgPlan, count: int) -> list[OrgPlan]:
        """A town's level-3 unions: villages and communities (a street has more communities),
        then regional and industry joint unions. The first is always a village or community."""
        rng = self.rng
        town_name = self.town_name(town)
        short = names.short_name(town_name)
        industry_n = round(count * 0.04) if count >= 8 else 0
        regional_n = round(count * 0.07) if count >= 5 else 0
        community_share = 0.6 if town_name.endswith("街道") else 0.12
        unions = []
        for _ in range(count - regional_n - industry_n):
            kind = OrgKind.COMMUNITY if rng.random() < community_share else OrgKind.VILLAGE
            suffix = "社区" if kind == OrgKind.COMMUNITY else "村"
            name = names.place(rng, self.places, suffix) + suffix + "工会"
            unions.append(self.add_org(name=name, level=Level.JOINT, kind=kind, parent=town, town_code=town.code))
        for _ in range(regional_n):
            name = f"{short}{names.place(rng, self.places)}{rng.choice(names.PARK_WORDS)}联合工会"
            unions.append(self.add_org(name=name, level=Level.JOINT, kind=OrgKind.REGIONAL, parent=town, town_code=town.code))
        trades = rng.sample(names.INDUSTRY_UNION_TRADES, len(names.INDUSTRY_UNION_TRADES))
        for i in range(industry_n):
            trade_name = trades[i % len(trades)]
            name = f"{town_name}{trade_name}行业工会"
            if name in self.org_names:
                name = f"{town_name}{names.place(rng, self.places)}{trade_name}行业工会"
            union = self.add_org(name=name, level=Level.JOINT, kind=OrgKind.INDUSTRY, parent=town, town_code=town.code)
            self.trade_of_union[union.code] = trade_name
            unions.append(union)
        return unions

    def plan_primary_unions(self, town: OrgPlan, joint_unions: list[OrgPlan], enterprise_n: int, institution_n: int, organ_n: int) -> None:
        """A town's workplace unions, each enterprise union with its single enterprise. Every
        level-3 union gets one before any gets a second, so the demo village has a workplace."""
        rng = self.rng
        town_name = self.town_name(town)
        weights = [JOINT_COVER_WEIGHT[u.kind] for u in joint_unions]
        parents = []
        for i in range(enterprise_n):
            if i < len(joint_unions):
                parents.append(joint_unions[i])
            elif rng.random() < PRIMARY_UNDER_TOWN_SHARE:
                parents.append(town)
            else:
                parents.append(rng.choices(joint_unions, weights=weights)[0])
        # Codes are numbered per parent, so write the children of one parent together.
        order = {union.code: i for i, union in enumerate(joint_unions)}
        for parent in sorted(parents, key=lambda p: order.get(p.code, len(order))):
            # The union is named after its enterprise, which needs the union's code first.
            union = self.add_org(name="", level=Level.PRIMARY, kind=OrgKind.ENTERPRISE, parent=parent, town_code=town.code)
            enterprise = self.add_enterprise(org=union, town=town, formation=Formation.SINGLE, trade_name=self.trade_of_union.get(parent.code))
            union.name = f"{enterprise.name}工会"
            self.org_names.add(union.name)
        for kind, count in ((OrgKind.INSTITUTION, institution_n), (OrgKind.ORGAN, organ_n)):
            for _ in range(count):
                body = names.public_body(rng, self.org_names, town_name, organ=kind == OrgKind.ORGAN)
                self.add_org(name=f"{body}工会", level=Level.PRIMARY, kind=kind, parent=town, town_code=town.code)

    # Dates and registrations ---------------------------------------------------------------

    def plan_dates(self, federation: OrgPlan, towns: list[OrgPlan]) -> None:
        rng = self.rng
        d = datetime.date
        by_code = self.by_code
        federation.established_on = d(1990, 4, 28)
        enterprise_unions = [o for o in self.plan.orgs if o.kind == OrgKind.ENTERPRISE]
        founded_2012 = {o.code for o in rng.sample(enterprise_unions, min(self.scaled(NEW_ENTERPRISE_UNIONS_2012), len(enterprise_unions)))}
        for org in self.plan.orgs:
            parent = by_code.get(org.parent_code)
            if org.level == Level.TOWN:
                org.established_on = day_between(rng, d(1990, 5, 1), d(1993, 12, 31))
            elif org.level == Level.JOINT:
                org.established_on = day_between(rng, max(parent.established_on, d(1992, 1, 1)), d(2008, 12, 31), lean_late=True)
            elif org.code in founded_2012:
                org.established_on = day_between(rng, d(REPORT_YEAR, 1, 5), d(REPORT_YEAR, 11, 30))
            elif org.kind == OrgKind.ENTERPRISE:
                org.established_on = day_between(rng, max(parent.established_on, d(1993, 1, 1)), d(REPORT_YEAR - 1, 12, 31), lean_late=True)
            elif org.level == Level.PRIMARY:
                org.established_on = day_between(rng, max(parent.established_on, d(1990, 6, 1)), d(2005, 12, 31))
            org.address = names.address(rng, self.town_name(org))
        self.founded_2012 = [o for o in enterprise_unions if o.code in founded_2012]

    def town_name(self, org: OrgPlan) -> str:
        """浒山街道 for anything in 浒山街道总工会's subtree; the federation sits in the first town."""
        town = self.by_code[org.town_code] if org.town_code else self.plan.orgs[1]
        return town.name[: -len("总工会")]

    def plan_registrations(self) -> None:
        """Legal-person registrations: the unions founded in 2012 register that year, a few
        older ones register late, and some registered earlier change their chair or address."""
        rng = self.rng
        d = datetime.date
        year_start, year_end = d(REPORT_YEAR, 1, 1), d(REPORT_YEAR, 12, 31)
        new_total = self.scaled(REGISTRATIONS_NEW_2012)
        changed_total = self.scaled(REGISTRATIONS_CHANGED_2012)
        older = [o for o in self.plan.orgs if o.level >= Level.JOINT and o.established_on < year_start]
        fresh = self.founded_2012[:new_total]
        picked = rng.sample(older, min(len(older), max(new_total - len(fresh), 0) + changed_total))
        late, changing = picked[: new_total - len(fresh)], picked[new_total - len(fresh) :]
        serial = 0

        def certificate() -> str:
            nonlocal serial
            serial += 1
            return f"慈工法证字第{names.REGION_CODE}{serial:05d}号"

        def five_years(day: datetime.date) -> datetime.date:
            """A certificate is valid for five years, to the day before."""
            try:
                anniversary = day.replace(year=day.year + 5)
            except ValueError:  # 29 February
                anniversary = d(day.year + 5, 3, 1)
            return anniversary - datetime.timedelta(days=1)

        for org in fresh + late:
            first = max(org.established_on + datetime.timedelta(days=10), year_start)
            day = day_between(rng, min(first, year_end), year_end)
            self.plan.registrations.append(RegistrationPlan(org.code, RegistrationKind.NEW, certificate(), day, five_years(day), org.chair_name, "新建工会法人资格登记"))
        for org in changing:
            first = min(org.established_on + datetime.timedelta(days=30), d(REPORT_YEAR - 1, 12, 31))
            day = day_between(rng, first, d(REPORT_YEAR - 1, 12, 31))
            number = certificate()
            change_day = day_between(rng, year_start, year_end)
            if rng.random() < 0.6:
                old_chair, org.chair_name = org.chair_name, names.person(rng)
                while org.chair_name == old_chair:
                    org.chair_name = names.person(rng)
                self.plan.registrations.append(RegistrationPlan(org.code, RegistrationKind.NEW, number, day, five_years(day), old_chair, "新建工会法人资格登记"))
                note = f"法定代表人由{old_chair}变更为{org.chair_name}(工会换届)"
            else:
                self.plan.registrations.append(RegistrationPlan(org.code, RegistrationKind.NEW, number, day, five_years(day), org.chair_name, "新建工会法人资格登记"))
                old_address, org.address = org.address, names.address(rng, self.town_name(org))
                note = f"住所由{old_address}变更为{org.address}"
            self.plan.registrations.append(RegistrationPlan(org.code, RegistrationKind.CHANGE, number, change_day, five_years(change_day), org.chair_name, note))


def plan_city(*, seed: int = 2013, scale: float = 1.0) -> CityPlan:
    """The demo city for a seed and a scale (1.0 = the report's city; 10 for benchmarks)."""
    return _Planner(seed, scale).build()
