"""The demo city's union funds: for every joint and workplace union, its dues for 2011 and
2012 (2% of a payroll drawn from the workers filed under it; most pay in full, some are
behind), and the performance audits of 2012 with their findings and rectification. The
report gives no figures here ("工会经费保持适度增长"), so the demo keeps that shape: 2012's
takings a little above 2011's."""

import datetime
import random
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction

from gonghui.accounts.models import User
from gonghui.core import audit
from gonghui.core.roles import Role
from gonghui.demo.names import person
from gonghui.finance.models import AuditFinding, AuditStatus, DuesRecord, FindingStatus, FundsAudit
from gonghui.orgs.models import Enterprise, Level, Org, OrgStatus

YEAR = 2012
RATE = Decimal("2.00")
CENT = Decimal("0.01")
AUDITS_2012 = 12  # not in the report: a dozen unions audited in the year the report praises the work
WAGE_2011 = 36_000  # yuan a year, the city's average of the time
WAGE_GROWTH = Decimal("1.09")
FINDINGS = ["经费支出未经集体研究", "慰问品采购未走比选程序", "部分支出票据不规范", "经费预算执行率偏低", "账务处理不及时", "固定资产未建账",
            "活动经费超标准列支", "未按规定上缴经费"]
MEASURES = ["已建立经费支出集体审批制度", "已补办比选手续并完善制度", "已更换合规票据", "已调整预算并加快执行", "已补记账务", "已建立固定资产台账"]


def _money(value) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def build(*, seed: int, scale: float) -> str:
    rng = random.Random(seed * 7727 + 7)
    clerk = User.objects.filter(role=Role.CLERK, org__level=Level.FEDERATION).order_by("pk").first() or User.objects.filter(role=Role.CLERK).order_by("pk").first()
    unions = list(Org.objects.filter(level__gte=Level.JOINT, status=OrgStatus.ACTIVE).order_by("path").values_list("pk", "established_on"))
    if clerk is None or not unions:
        return "工会经费：演示城市尚未生成，跳过"
    workers = defaultdict(int)
    for org_id, employees in Enterprise.objects.order_by("pk").values_list("org_id", "employee_count"):
        workers[org_id] += employees
    dues, behind = [], 0
    for org_id, established in unions:
        headcount = workers.get(org_id) or rng.randrange(15, 180)  # an institution or organ: its own staff
        payroll_2011 = Decimal(headcount * WAGE_2011 * rng.uniform(0.85, 1.2))
        for year, payroll in ((YEAR - 1, payroll_2011), (YEAR, payroll_2011 * WAGE_GROWTH * Decimal(rng.uniform(0.97, 1.05)))):
            if established and established.year > year:
                continue
            payroll = _money(payroll)
            due = _money(payroll * RATE / 100)
            roll = rng.random()
            if roll < 0.86:
                collected = due
            elif roll < 0.97:
                collected = _money(due * Decimal(rng.uniform(0.4, 0.98)))
            else:
                collected = Decimal("0.00")
            behind += year == YEAR and collected < due
            dues.append(DuesRecord(org_id=org_id, year=year, payroll=payroll, rate=RATE, due=due, collected=collected, recorded_by=clerk,
                                   note="" if collected >= due else "已发催缴通知"))
    with transaction.atomic():
        DuesRecord.objects.bulk_create(dues, batch_size=2000)
        audits, findings = _audits(rng, clerk, [pk for pk, _ in unions], scale)
        summary = f"工会经费：经费收缴记录 {len(dues)} 条(2012年欠缴 {behind} 家)、经费绩效审计 {audits} 项、发现问题 {findings} 个"
        audit.record(actor=None, actor_name="system", action=audit.Action.IMPORT, object_type="demo.finance", object_id=seed, summary=summary,
                     changes={"seed": seed, "scale": scale})
    return summary


def _audits(rng, clerk, union_ids, scale) -> tuple[int, int]:
    count = min(round(AUDITS_2012 * scale), len(union_ids))
    audited = rng.sample(union_ids, count)
    rows = []
    for n, org_id in enumerate(audited):
        started = datetime.date(YEAR, rng.randrange(3, 10), rng.randrange(1, 28))
        reported = started + datetime.timedelta(days=rng.randrange(20, 50)) if n % 4 else None
        team = "、".join(person(rng) for _ in range(3))
        rows.append(FundsAudit(org_id=org_id, fiscal_year=YEAR - 1, started_on=started, reported_on=reported, auditors=team,
                               funds_audited=_money(rng.randrange(50_000, 900_000)), recorded_by=clerk,
                               conclusion="经费收支基本规范，使用效益较好，存在问题已提出整改意见" if reported else "",
                               status=AuditStatus.IN_PROGRESS if reported is None else AuditStatus.REPORTED))
    FundsAudit.objects.bulk_create(rows)
    audits = list(FundsAudit.objects.filter(org_id__in=audited, fiscal_year=YEAR - 1).order_by("pk"))
    findings = []
    for item in audits:
        for text in rng.sample(FINDINGS, rng.randrange(1, 4)):
            done = item.reported_on is not None and rng.random() < 0.7
            findings.append(AuditFinding(audit=item, description=text, amount=_money(rng.randrange(0, 30_000)),
                                         status=FindingStatus.RECTIFIED if done else (FindingStatus.RECTIFYING if item.reported_on else FindingStatus.OPEN),
                                         measure=rng.choice(MEASURES) if item.reported_on else "",
                                         rectified_on=item.reported_on + datetime.timedelta(days=rng.randrange(10, 60)) if done else None))
    AuditFinding.objects.bulk_create(findings)
    closed = [a.pk for a in audits if a.reported_on and all(f.status == FindingStatus.RECTIFIED for f in findings if f.audit_id == a.pk)]
    FundsAudit.objects.filter(pk__in=closed).update(status=AuditStatus.CLOSED)
    return len(audits), len(findings)
