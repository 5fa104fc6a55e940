"""A generated union tree, written with bulk_create: the federation, its towns, villages and
workplace unions, and enterprises filed under them. Ids are given up front so that each
path (parent.path + scope.segment(pk)) is known when the row is inserted."""

from dataclasses import dataclass, field

from django.core.management.color import no_style
from django.db import connection
from django.db.models import Max

from gonghui.core import scope
from gonghui.orgs.models import Enterprise, Formation, Level, Org, OrgKind
from gonghui.testing import credit_code

TOWN_NAMES = (
    "浒山街道 白沙路街道 坎墩街道 宗汉街道 古塘街道 观海卫镇 掌起镇 龙山镇 附海镇 桥头镇 "
    "匡堰镇 逍林镇 新浦镇 横河镇 崇寿镇 庵东镇 长河镇 周巷镇 胜山镇"
).split()
INDUSTRIES = "CCCCCFFGHEIKL"  # mostly manufacturing, as in the report
OWNERSHIPS = ("private",) * 6 + ("state", "collective", "foreign", "hmt")


@dataclass
class Tree:
    federation: Org = None
    towns: list = field(default_factory=list)
    villages: list = field(default_factory=list)
    primaries: list = field(default_factory=list)
    enterprise_count: int = 0
    # primary union id -> the credit code of its own (单建) enterprise
    own_enterprise: dict = field(default_factory=dict)


def _spread(total: int, parts: int) -> list[int]:
    base, extra = divmod(total, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def build(*, towns: int = 19, villages: int = 400, primaries: int = 19_580, enterprises: int = 60_000) -> Tree:
    """1 + towns + villages + primaries unions, and `enterprises` enterprises: one of its own
    (单建) per workplace union, the rest covered by village joint unions (联建) or with no
    union, filed under their town (未建)."""
    tree = Tree()
    next_id = (Org.objects.aggregate(m=Max("id"))["m"] or 0) + 1

    def node(parent, level, kind, code, name):
        nonlocal next_id
        pk, next_id = next_id, next_id + 1
        path = (parent.path if parent else "") + scope.segment(pk)
        return Org(pk=pk, parent=parent, level=level, kind=kind, code=code, name=name, path=path)

    tree.federation = node(None, Level.FEDERATION, OrgKind.FEDERATION, "C", "慈溪市总工会")
    for t, count in enumerate(_spread(villages, towns)):
        town_name = TOWN_NAMES[t % len(TOWN_NAMES)] + ("" if t < len(TOWN_NAMES) else str(t))
        town = node(tree.federation, Level.TOWN, OrgKind.TOWN, f"C-{t + 1:02d}", f"{town_name}总工会")
        tree.towns.append(town)
        for v in range(count):
            kind = (OrgKind.VILLAGE, OrgKind.COMMUNITY, OrgKind.REGIONAL)[v % 3]
            word = {OrgKind.VILLAGE: "村", OrgKind.COMMUNITY: "社区", OrgKind.REGIONAL: "工业区联合"}[kind]
            tree.villages.append(node(town, Level.JOINT, kind, f"{town.code}-{v + 1:03d}", f"{town_name[:2]}第{v + 1}{word}工会"))
    for village, count in zip(tree.villages, _spread(primaries, len(tree.villages))):
        for p in range(count):
            tree.primaries.append(node(village, Level.PRIMARY, OrgKind.ENTERPRISE, f"{village.code}-{p + 1:03d}", f"{village.name[:-2]}企业{p + 1}工会"))
    # Parents first, each level in one statement per batch.
    for level in ([tree.federation], tree.towns, tree.villages, tree.primaries):
        Org.objects.bulk_create(level, batch_size=5000)
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [Org]):
            cursor.execute(sql)

    town_of = {}
    for village in tree.villages:
        town_of[village.pk] = village.parent
    number = Enterprise.objects.count() + 1
    rows = []

    def enterprise(org, town, formation):
        nonlocal number
        code = credit_code(number)
        rows.append(Enterprise(
            credit_code=code, name=f"{town.name[:2]}{number}号企业有限公司", industry=INDUSTRIES[number % len(INDUSTRIES)],
            ownership=OWNERSHIPS[number % len(OWNERSHIPS)], above_scale=number % 7 == 0, employee_count=20 + number % 480,
            address_town=town, org=org, formation=formation,
        ))
        number += 1
        return code

    for primary in tree.primaries[:enterprises]:
        tree.own_enterprise[primary.pk] = enterprise(primary, town_of[primary.parent.pk], Formation.SINGLE)
    rest = max(0, enterprises - len(tree.primaries))
    for i in range(rest):
        if i % 4 == 3:
            town = tree.towns[i % len(tree.towns)]
            enterprise(town, town, Formation.NONE)
        else:
            village = tree.villages[i % len(tree.villages)]
            enterprise(village, town_of[village.pk], Formation.JOINT)
        if len(rows) >= 10_000:
            Enterprise.objects.bulk_create(rows, batch_size=5000)
            tree.enterprise_count += len(rows)
            rows = []
    Enterprise.objects.bulk_create(rows, batch_size=5000)
    tree.enterprise_count += len(rows)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE orgs_org")
        cursor.execute("ANALYZE orgs_enterprise")
    return tree
