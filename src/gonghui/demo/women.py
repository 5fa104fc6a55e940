"""The demo city's women workers and psychological help: the report's psychological-welfare
activities in 22 enterprises in 2012 (送职工精神福利; some visited twice), special-protection
agreements signed by enterprises since 2010, and the counselling rooms and appeal points set
up, a few of them in early 2013 as the 2013 work asks ("引导企业设立职工心理辅导室和职工诉求服务点")."""

import datetime
import random

from django.db import transaction

from gonghui.accounts.models import User
from gonghui.core import audit
from gonghui.core.roles import Role
from gonghui.orgs.models import Enterprise, Formation, Level
from gonghui.women.models import CarePoint, CarePointKind, ProtectionAgreement, WelfareActivity

YEAR = 2012
WELFARE_ENTERPRISES = 22  # 在22家企业中开展“送职工精神福利”活动
# Not in the report: the stock behind the work.
AGREEMENTS = 420
COUNSELLING_ROOMS, APPEAL_POINTS = 24, 40
EARLY_2013_ROOMS, EARLY_2013_POINTS = 4, 6
ACTIVITIES = ["职工心理健康讲座", "减压团体辅导", "职工心理测评", "亲子沟通讲座", "外来职工心理关爱活动", "情绪管理工作坊"]


def _day(rng, first, last):
    return first + datetime.timedelta(days=rng.randrange((last - first).days + 1))


def build(*, seed: int, scale: float) -> str:
    rng = random.Random(seed * 7741 + 8)
    clerk = User.objects.filter(role=Role.CLERK, org__level=Level.FEDERATION).order_by("pk").first() or User.objects.filter(role=Role.CLERK).order_by("pk").first()
    enterprises = list(Enterprise.objects.filter(formation=Formation.SINGLE).order_by("pk").values_list("pk", "org_id", "employee_count"))
    if clerk is None or not enterprises:
        return "女职工与心理关爱：演示城市尚未生成，跳过"
    with transaction.atomic():
        welfare = rng.sample(enterprises, min(round(WELFARE_ENTERPRISES * scale), len(enterprises)))
        activities = []
        for n, (enterprise_id, org_id, employees) in enumerate(welfare):
            for visit in range(2 if n % 5 == 0 else 1):
                held = _day(rng, datetime.date(YEAR, 3 + visit * 5, 1), datetime.date(YEAR, 7 + visit * 5, 28))
                activities.append(WelfareActivity(enterprise_id=enterprise_id, org_id=org_id, held_on=held, title=ACTIVITIES[(n + visit) % len(ACTIVITIES)],
                                                  participants=max(1, min(employees, rng.randrange(30, 300))), recorded_by=clerk))
        WelfareActivity.objects.bulk_create(activities)

        signers = rng.sample(enterprises, min(round(AGREEMENTS * scale), len(enterprises)))
        agreements = []
        for enterprise_id, org_id, employees in signers:
            signed = _day(rng, datetime.date(2010, 1, 1), datetime.date(YEAR, 12, 20))
            agreements.append(ProtectionAgreement(enterprise_id=enterprise_id, org_id=org_id, signed_on=signed,
                                                  expires_on=signed.replace(year=signed.year + 3, day=min(signed.day, 28)) - datetime.timedelta(days=1),
                                                  women_covered=max(1, round(employees * rng.uniform(0.3, 0.6))), terms="经期、孕期、产期、哺乳期特殊保护；妇科检查每年一次",
                                                  recorded_by=clerk))
        ProtectionAgreement.objects.bulk_create(agreements)

        points = []
        plan = [(CarePointKind.COUNSELLING_ROOM, COUNSELLING_ROOMS, datetime.date(2010, 3, 1), datetime.date(YEAR, 12, 20)),
                (CarePointKind.APPEAL_POINT, APPEAL_POINTS, datetime.date(2009, 6, 1), datetime.date(YEAR, 12, 20)),
                (CarePointKind.COUNSELLING_ROOM, EARLY_2013_ROOMS, datetime.date(YEAR + 1, 1, 8), datetime.date(YEAR + 1, 3, 25)),
                (CarePointKind.APPEAL_POINT, EARLY_2013_POINTS, datetime.date(YEAR + 1, 1, 8), datetime.date(YEAR + 1, 3, 25))]
        taken = set()
        for kind, count, first, last in plan:
            for enterprise_id, org_id, _ in rng.sample(enterprises, min(round(count * scale), len(enterprises))):
                if (kind, org_id) in taken:
                    continue
                taken.add((kind, org_id))
                staff = rng.randrange(1, 4)
                points.append(CarePoint(kind=kind, name=f"职工{'心理辅导室' if kind == CarePointKind.COUNSELLING_ROOM else '诉求服务点'}", enterprise_id=enterprise_id,
                                        org_id=org_id, opened_on=_day(rng, first, last), staff=staff, counsellors_certified=rng.randrange(0, staff + 1), recorded_by=clerk))
        CarePoint.objects.bulk_create(points)
        summary = (f"女职工与心理关爱：送职工精神福利 {len(activities)} 次({len(welfare)} 家企业)、女职工特殊保护专项集体合同 {len(agreements)} 份、"
                   f"心理辅导室与诉求服务点 {len(points)} 个")
        audit.record(actor=None, actor_name="system", action=audit.Action.IMPORT, object_type="demo.women", object_id=seed, summary=summary,
                     changes={"seed": seed, "scale": scale})
    return summary
