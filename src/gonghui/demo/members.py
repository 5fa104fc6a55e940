"""The demo city's member registry: the report's 194,969 members collected by real name by
the end of 2012, 11,984 of them recruited in 2012, spread over the unions by the size of
their workplaces. Generated people only: ID numbers are well-formed but belong to nobody."""

import datetime
import random
import time
from collections import defaultdict

from django.db import transaction

from gonghui.core import audit
from gonghui.core.imports.bulk import bulk_insert, reset_sequence
from gonghui.core.sealing import SealedValue, blind_index
from gonghui.core.validators import id_number_check_char
from gonghui.demo.names import person
from gonghui.members.models import Education, Household, Member, MembershipPeriod, MemberStatus
from gonghui.orgs.models import Enterprise, Level, Org

COLLECTED_2012 = 194_969  # 完成采集会员信息194969人
RECRUITED_2012 = 11_984  # 发展会员11984人
DEPARTED_SHARE = 0.03  # retired or left before the end of 2012 (still counted as collected)
MIGRANT_SHARE = 0.45
WOMEN_SHARE = 0.44
# Where people working in Cixi come from: the city itself, and the provinces migrant workers come from.
HOME_REGIONS = [("330282", 50), ("330281", 6), ("511702", 9), ("412826", 8), ("342401", 8), ("522401", 7), ("362422", 6), ("430524", 6)]
EDUCATION_WEIGHTS = [(Education.PRIMARY, 8), (Education.JUNIOR, 38), (Education.SENIOR, 30), (Education.COLLEGE, 14), (Education.BACHELOR, 9), (Education.POSTGRADUATE, 1)]
BATCH = 5000
YEAR_END = datetime.date(2012, 12, 31)


def _weighted(rng, pairs):
    values, weights = zip(*pairs)
    return rng.choices(values, weights=weights)[0]


def _places():
    """(union id, its enterprises, weight): members go where the workers are."""
    workers = defaultdict(int)
    enterprises = defaultdict(list)
    for pk, org_id, employees in Enterprise.objects.exclude(formation="none").order_by("pk").values_list("pk", "org_id", "employee_count"):
        workers[org_id] += employees
        enterprises[org_id].append(pk)
    places = []
    for org_id, level in Org.objects.filter(level__gte=Level.JOINT).order_by("path").values_list("pk", "level"):
        weight = workers.get(org_id) or (30 if level == Level.PRIMARY else 0)
        if weight:
            places.append((org_id, enterprises.get(org_id, []), weight))
    return places


def _date(rng, first: datetime.date, last: datetime.date) -> datetime.date:
    return first + datetime.timedelta(days=rng.randrange((last - first).days + 1))


def members_generate(*, seed: int = 2013, scale: float = 1.0) -> str:
    """Write the demo members onto an existing demo city; returns a summary line."""
    started = time.monotonic()
    rng = random.Random(seed * 1009 + 3)
    total = round(COLLECTED_2012 * scale)
    recruited = round(RECRUITED_2012 * scale)
    departed = round(total * DEPARTED_SHARE)
    places = _places()
    weights = [w for _, _, w in places]
    chosen = rng.choices(range(len(places)), weights=weights, k=total)
    taken: set[str] = set()
    members, periods = [], []
    next_id = (Member.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    next_period = (MembershipPeriod.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    with transaction.atomic():
        for n in range(total):
            org_id, enterprise_ids, _ = places[chosen[n]]
            woman = rng.random() < WOMEN_SHARE
            region = _weighted(rng, HOME_REGIONS)
            while True:
                birth = _date(rng, datetime.date(1953, 1, 1), datetime.date(1994, 6, 30))
                sequence = rng.randrange(0, 500) * 2 + (0 if woman else 1)
                first17 = f"{region}{birth:%Y%m%d}{sequence:03d}"
                if first17 not in taken:
                    taken.add(first17)
                    break
            number = first17 + id_number_check_char(first17)
            adult = datetime.date(birth.year + 18, birth.month, 1)
            if n < recruited:
                joined = _date(rng, datetime.date(2012, 1, 1), YEAR_END)
            else:
                joined = _date(rng, max(adult, datetime.date(1995, 1, 1)), datetime.date(2011, 12, 31)) if adult < datetime.date(2011, 12, 31) else datetime.date(2011, 12, 31)
            status, ended = MemberStatus.ACTIVE, None
            if recruited <= n < recruited + departed:
                status = rng.choice([MemberStatus.RETIRED, MemberStatus.LEFT])
                ended = _date(rng, max(joined, datetime.date(2010, 1, 1)), YEAR_END)
            migrant = region != "330282" or rng.random() < MIGRANT_SHARE / 4
            member_id = next_id + n
            members.append(dict(
                id=member_id, name=person(rng), id_number=SealedValue(number, "id_number"), id_number_index=blind_index(number, "id_number"),
                birth_date=birth, sex="F" if woman else "M", ethnicity="汉族" if rng.random() < 0.97 else rng.choice(["土家族", "苗族", "布依族", "回族", "壮族"]),
                education=_weighted(rng, EDUCATION_WEIGHTS), household=Household.MIGRANT if migrant else Household.URBAN,
                enterprise_id=rng.choice(enterprise_ids) if enterprise_ids else None, org_id=org_id, joined_on=joined,
                status=status, status_changed_on=ended, collected_on=_date(rng, max(joined, datetime.date(2012, 3, 1)), YEAR_END),
            ))
            mobile = f"1{rng.choice('3589')}{rng.randrange(10**9):09d}"
            members[-1].update(mobile=SealedValue(mobile, "mobile"), mobile_index=blind_index(mobile, "mobile"))
            periods.append(dict(id=next_period + n, member_id=member_id, org_id=org_id, started_on=joined, ended_on=ended, reason=MembershipPeriod.Reason.JOINED))
            if len(members) == BATCH or n == total - 1:
                bulk_insert(Member, members)
                bulk_insert(MembershipPeriod, periods)
                members, periods = [], []
        reset_sequence(Member)
        reset_sequence(MembershipPeriod)
        summary = f"生成会员 {total} 人(其中2012年发展 {recruited} 人，已退休或离会 {departed} 人)"
        audit.record(actor=None, actor_name="system", action=audit.Action.IMPORT, object_type="demo.members", object_id=seed, summary=summary,
                     changes={"seed": seed, "scale": scale, "members": total, "recruited": recruited, "departed": departed})
    return f"{summary}，用时 {time.monotonic() - started:.1f} 秒"
