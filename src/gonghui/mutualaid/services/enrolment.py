"""Units enrol for a year with their workers, pay, and workers join and leave during it.

The list of workers comes in through the import engine (mutualaid/imports.py); a single
joiner may also be added here. Coverage: the list handed in by the year's first day is
covered from that day; a worker enrolled later is covered after the year's waiting period,
so that nobody joins on the way to hospital; a leaver is covered until the day they left."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from gonghui.core import audit
from gonghui.members.models import Member, MemberStatus
from gonghui.mutualaid import permissions
from gonghui.mutualaid.models import ContributionPayment, SchemeYear, UnitEnrolment, WorkerEnrolment


def coverage_start(scheme_year: SchemeYear, enrolled_on: datetime.date, waiting_days: int) -> datetime.date:
    if enrolled_on <= scheme_year.starts_on:
        return scheme_year.starts_on
    return enrolled_on + datetime.timedelta(days=waiting_days)


def check_enrolment_date(scheme_year: SchemeYear, enrolled_on) -> str:
    """Why a worker cannot be enrolled on that day, or ""."""
    if not isinstance(enrolled_on, datetime.date):
        return "参保日期不能为空"
    if enrolled_on > scheme_year.ends_on:
        return f"参保日期晚于{scheme_year.year}年度保障期"
    if enrolled_on < datetime.date(scheme_year.year - 1, 1, 1):
        return f"参保日期早于{scheme_year.year - 1}年"
    return ""


@transaction.atomic
def unit_enrol(*, acting_user, scheme_year: SchemeYear, org, enrolled_on: datetime.date, request=None) -> UnitEnrolment:
    """A unit joins the scheme for a year (its workers follow by import)."""
    if org is None or not permissions.can_enrol(acting_user, org):
        raise ValidationError({"org": "参保单位不存在、不在您的管辖范围内，或不是村(社区)、联合工会或基层工会"})
    if problem := check_enrolment_date(scheme_year, enrolled_on):
        raise ValidationError({"enrolled_on": problem})
    try:
        with transaction.atomic():
            unit = UnitEnrolment.objects.create(scheme_year=scheme_year, org=org, enrolled_on=enrolled_on, created_by=acting_user)
    except IntegrityError:
        raise ValidationError({"org": f"「{org.name}」已参加{scheme_year.year}年度医疗互助"}) from None
    audit.record(actor=acting_user, action=audit.Action.CREATE, target=unit, summary=f"「{org.name}」参加医疗互助{scheme_year.year}年度", request=request)
    return unit


@transaction.atomic
def worker_enrol(*, acting_user, unit: UnitEnrolment, member: Member, enrolled_on: datetime.date, request=None) -> WorkerEnrolment:
    """One worker joins the unit's enrolment (a joiner during the year waits out the waiting period)."""
    if not permissions.can_manage_unit(acting_user, unit):
        raise PermissionDenied("无权办理该单位的参保")
    member = Member.objects.select_related("org").get(pk=member.pk)  # as stored: its ID number sealed, shown masked
    if member.status != MemberStatus.ACTIVE or not member.org.path.startswith(unit.org.path):
        raise ValidationError({"id_number": f"{member.name}({member.id_number.masked})不是「{unit.org.name}」的在册会员"})
    if problem := check_enrolment_date(unit.scheme_year, enrolled_on):
        raise ValidationError({"enrolled_on": problem})
    rules = unit.scheme_year.current_rules
    try:
        with transaction.atomic():
            worker = WorkerEnrolment.objects.create(
                unit=unit, scheme_year=unit.scheme_year, org=unit.org, member=member, enrolled_on=enrolled_on,
                covered_from=coverage_start(unit.scheme_year, enrolled_on, rules.waiting_days),
            )
    except IntegrityError:
        raise ValidationError({"id_number": f"{member.name}({member.id_number.masked})已参加{unit.scheme_year.year}年度医疗互助"}) from None
    audit.record(actor=acting_user, action=audit.Action.CREATE, target=worker, summary=f"{member.name} 参加医疗互助{unit.scheme_year.year}年度", request=request)
    return worker


@transaction.atomic
def contribution_pay(*, acting_user, unit: UnitEnrolment, paid_on: datetime.date, receipt_number: str = "", request=None) -> ContributionPayment:
    """The unit pays for its workers not paid for yet, at the year's contribution; their
    certificates are then valid."""
    if not permissions.can_manage_unit(acting_user, unit):
        raise PermissionDenied("无权办理该单位的缴费")
    unit = UnitEnrolment.objects.select_for_update().select_related("scheme_year", "org").get(pk=unit.pk)
    unpaid = WorkerEnrolment.objects.filter(unit=unit, payment__isnull=True)
    count = unpaid.count()
    if not count:
        raise ValidationError({"paid_on": "该单位没有待缴费的参保职工"})
    if not isinstance(paid_on, datetime.date) or paid_on > unit.scheme_year.ends_on:
        raise ValidationError({"paid_on": f"缴费日期须不晚于{unit.scheme_year.year}年度保障期末"})
    contribution = unit.scheme_year.current_rules.contribution
    payment = ContributionPayment.objects.create(unit=unit, org=unit.org, workers=count, amount=contribution * count, paid_on=paid_on,
                                                 receipt_number=(receipt_number or "").strip()[:40], recorded_by=acting_user)
    unpaid.update(payment=payment, contribution=contribution)
    audit.record(actor=acting_user, action=audit.Action.CREATE, target=payment,
                 summary=f"「{unit.org.name}」缴纳医疗互助{unit.scheme_year.year}年度 {count} 人 {payment.amount} 元", request=request)
    return payment


@transaction.atomic
def worker_leave(*, acting_user, worker: WorkerEnrolment, left_on: datetime.date, request=None) -> WorkerEnrolment:
    """A worker leaves the unit's enrolment: covered until that day."""
    if not permissions.can_manage_unit(acting_user, worker.unit):
        raise PermissionDenied("无权办理该职工退保")
    worker = WorkerEnrolment.objects.select_for_update().select_related("scheme_year", "member").get(pk=worker.pk)
    if worker.left_on is not None:
        raise ValidationError({"left_on": f"该职工已于 {worker.left_on:%Y-%m-%d} 退保"})
    if not isinstance(left_on, datetime.date) or not worker.enrolled_on <= left_on <= worker.scheme_year.ends_on:
        raise ValidationError({"left_on": "退保日期须在参保日期之后、保障期末之前"})
    if worker.claims.filter(started_on__gt=left_on).exclude(status="refused").exists():
        raise ValidationError({"left_on": "该职工在此日期之后还有申请，请先处理"})
    worker.left_on = left_on
    worker.save(update_fields=["left_on"])
    audit.record(actor=acting_user, action=audit.Action.UPDATE, target=worker, summary=f"{worker.member.name} 退出医疗互助{worker.scheme_year.year}年度",
                 changes={"left_on": [None, str(left_on)]}, request=request)
    return worker
