"""The demo city's outreach (双服务) of 2012, exactly as the report has it: the federation's
staff in 8 groups visit 81 enterprises, the 19 towns, 48 villages and communities and 115
teams, meet 293 workers, hold 56 meetings and 64 policy talks, give technical help 4 times,
hand out 8,500 copies of material and solve 23 of the problems raised. Each group works its
own towns; every place is visited once, so each count of places is also a count of visits."""

import datetime
import random

from django.db import transaction

from gonghui.accounts.models import User
from gonghui.core import audit
from gonghui.core.roles import Role
from gonghui.demo.names import person
from gonghui.demo.plan import spread
from gonghui.orgs.models import Enterprise, Formation, Level, Org, OrgKind
from gonghui.outreach.models import OutreachGroup, OutreachGroupMember, OutreachVisit, PlaceKind

YEAR = 2012
GROUPS = 8  # 市总工会分8组深入基层
PLACES = {PlaceKind.ENTERPRISE: 81, PlaceKind.TOWN: 19, PlaceKind.VILLAGE: 48, PlaceKind.TEAM: 115}
TOTALS = {"workers_met": 293, "meetings": 56, "talks": 64, "tech_help": 4, "materials": 8500, "problems_solved": 23}
PROBLEMS_RAISED = 31  # not in the report: more were raised than solved
# Where each kind of figure happens, relatively, by the kind of place.
WEIGHTS = {
    "workers_met": {PlaceKind.ENTERPRISE: 1.6, PlaceKind.TEAM: 1.0, PlaceKind.TOWN: 0.2, PlaceKind.VILLAGE: 0.3},
    "meetings": {PlaceKind.ENTERPRISE: 0.3, PlaceKind.TEAM: 0.05, PlaceKind.TOWN: 1.0, PlaceKind.VILLAGE: 0.5},
    "talks": {PlaceKind.ENTERPRISE: 0.3, PlaceKind.TEAM: 0.1, PlaceKind.TOWN: 1.0, PlaceKind.VILLAGE: 0.6},
    "materials": {PlaceKind.ENTERPRISE: 1.0, PlaceKind.TEAM: 0.6, PlaceKind.TOWN: 2.0, PlaceKind.VILLAGE: 1.2},
    "problems_raised": {PlaceKind.ENTERPRISE: 1.0, PlaceKind.TEAM: 0.2, PlaceKind.TOWN: 0.8, PlaceKind.VILLAGE: 0.5},
}
TEAMS = ["装配车间一班", "装配车间二班", "注塑车间甲班", "冲压车间乙班", "质检班", "机修班", "包装班", "模具班", "仓储班", "电工班"]
ORDINALS = "一二三四五六七八九十"


def _day(rng, first, last):
    return first + datetime.timedelta(days=rng.randrange((last - first).days + 1))


def build(*, seed: int, scale: float) -> str:
    rng = random.Random(seed * 7753 + 9)
    clerk = User.objects.filter(role=Role.CLERK, org__level=Level.FEDERATION).order_by("pk").first() or User.objects.filter(role=Role.CLERK).order_by("pk").first()
    federation = Org.objects.filter(level=Level.FEDERATION).order_by("pk").first()
    if clerk is None or federation is None:
        return "双服务：演示城市尚未生成，跳过"
    towns = list(Org.objects.filter(level=Level.TOWN).order_by("code").values_list("pk", "path"))
    villages = list(Org.objects.filter(level=Level.JOINT, kind__in=[OrgKind.VILLAGE, OrgKind.COMMUNITY]).order_by("code").values_list("pk", "path"))
    enterprises = list(Enterprise.objects.filter(formation=Formation.SINGLE).order_by("pk").values_list("pk", "org_id", "org__path"))
    wanted = {kind: round(n * scale) for kind, n in PLACES.items()}
    visited = {
        PlaceKind.TOWN: [(pk, None, path, "") for pk, path in rng.sample(towns, min(wanted[PlaceKind.TOWN], len(towns)))],
        PlaceKind.VILLAGE: [(pk, None, path, "") for pk, path in rng.sample(villages, min(wanted[PlaceKind.VILLAGE], len(villages)))],
    }
    chosen = rng.sample(enterprises, min(wanted[PlaceKind.ENTERPRISE] + (wanted[PlaceKind.TEAM] + 1) // 2, len(enterprises)))
    visited[PlaceKind.ENTERPRISE] = [(org_id, pk, path, "") for pk, org_id, path in chosen[: wanted[PlaceKind.ENTERPRISE]]]
    # Teams: two in each of some enterprises (a workshop's shifts), named apart.
    team_hosts = chosen[wanted[PlaceKind.ENTERPRISE]:] or chosen
    visited[PlaceKind.TEAM] = [
        (org_id, pk, path, TEAMS[(n // max(len(team_hosts), 1)) % len(TEAMS)])
        for n, (pk, org_id, path) in ((n, team_hosts[n % len(team_hosts)]) for n in range(wanted[PlaceKind.TEAM] if team_hosts else 0))
    ]
    places = [(kind, *place) for kind in PLACES for place in visited[kind]]
    if not places:
        return "双服务：演示城市尚未生成，跳过"
    with transaction.atomic():
        group_count = max(1, round(GROUPS * scale))
        OutreachGroup.objects.bulk_create([OutreachGroup(name=f"第{ORDINALS[n % 10]}组" + (f"({n // 10 + 1})" if n >= 10 else ""), org=federation, year=YEAR,
                                                         recorded_by=clerk) for n in range(group_count)])
        groups = list(OutreachGroup.objects.filter(org=federation, year=YEAR).order_by("pk"))
        members = []
        for group in groups:
            members.append(OutreachGroupMember(group=group, name=person(rng), position="市总工会副主席", is_leader=True))
            names = set()
            while len(names) < 3:
                name = person(rng)
                if name != members[-1].name:
                    names.add(name)
            members += [OutreachGroupMember(group=group, name=n, position="市总工会干部") for n in sorted(names)]
        OutreachGroupMember.objects.bulk_create(members)
        # Each group works its own towns: a place goes to the group of the town it lies in.
        town_of = {path: n for n, (_, path) in enumerate(sorted(towns, key=lambda t: t[1]))}
        width = len(towns[0][1]) if towns else 0
        figures = {key: spread(round(total * scale), [WEIGHTS.get(key, {}).get(p[0], 1.0) for p in places]) for key, total in TOTALS.items() if key != "problems_solved"}
        raised = spread(max(round(PROBLEMS_RAISED * scale), round(TOTALS["problems_solved"] * scale)), [WEIGHTS["problems_raised"][p[0]] for p in places])
        solved = _solved(rng, raised, round(TOTALS["problems_solved"] * scale))
        tech = [0] * len(places)
        enterprise_places = [i for i, p in enumerate(places) if p[0] == PlaceKind.ENTERPRISE] or list(range(len(places)))
        for i in rng.sample(enterprise_places, min(round(TOTALS["tech_help"] * scale), len(enterprise_places))):
            tech[i] = 1
        visits = []
        for i, (kind, org_id, enterprise_id, path, team) in enumerate(places):
            group = groups[town_of.get(path[:width], i) % len(groups)]
            visits.append(OutreachVisit(
                group=group, place_kind=kind, org_id=org_id, enterprise_id=enterprise_id, team_name=team,
                visited_on=_day(rng, datetime.date(YEAR, 3, 1), datetime.date(YEAR, 11, 30)),
                workers_met=figures["workers_met"][i], meetings=figures["meetings"][i], talks=figures["talks"][i], tech_help=tech[i],
                materials=figures["materials"][i], problems_raised=raised[i], problems_solved=solved[i],
                problems_note="帮助协调解决" if solved[i] else "", recorded_by=clerk,
            ))
        OutreachVisit.objects.bulk_create(visits)
        summary = (f"双服务：{len(groups)} 个小组走访企业 {len(visited[PlaceKind.ENTERPRISE])} 家、镇(街道) {len(visited[PlaceKind.TOWN])} 个、"
                   f"村(社区) {len(visited[PlaceKind.VILLAGE])} 个、班组 {len(visited[PlaceKind.TEAM])} 个")
        audit.record(actor=None, actor_name="system", action=audit.Action.IMPORT, object_type="demo.outreach", object_id=seed, summary=summary,
                     changes={"seed": seed, "scale": scale})
    return summary


def _solved(rng, raised: list[int], total: int) -> list[int]:
    """`total` solved problems spread over the visits, none solving more than it raised."""
    solved = [0] * len(raised)
    slots = [i for i, n in enumerate(raised) for _ in range(n)]
    for i in rng.sample(slots, min(total, len(slots))):
        solved[i] += 1
    return solved
