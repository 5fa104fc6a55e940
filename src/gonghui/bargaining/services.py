"""Every write of 协商与民主管理: one function per use case, in a transaction, audited.

Each refuses with a ValidationError naming the field and the reason, before anything is
written: an agreement is saved with its covered enterprises in one transaction or not at all."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from gonghui.core import audit
from gonghui.core.roles import writes_business_data
from gonghui.core.scope import covers
from gonghui.orgs.models import Formation, Level, OrgKind

from gonghui.bargaining.models import (
    Agreement, AgreementEnterprise, ChairElection, ClassAttendance, CongressSession, Coverage, Instructor, InstructorCertificate,
    InstructorGuidance, MemberReview, ModelHome, RatingYear, RegionalCongress, RegionalCongressEnterprise, RepresentativeInspection,
    StarRating, TrainingClass, TwoDisplays, WorkplaceDemocracy,
)

AGREEMENT_FIELDS = ["number", "kind", "coverage", "employer_party", "signed_on", "expires_on", "workers_covered", "wage_increase", "lowest_wage"]


def _require_writer(acting_user, org, field="org"):
    if not writes_business_data(acting_user):
        raise ValidationError({field: "您的角色不能录入业务数据"})
    if org is None or not covers(acting_user, org.path):
        raise ValidationError({field: "该组织不存在或不在您的管辖范围内"})


def _not_future(day, field, label):
    if day and day > timezone.localdate():
        raise ValidationError({field: f"{label}不能晚于今天"})


# Agreements -----------------------------------------------------------------------------------------


@transaction.atomic
def agreement_create(*, acting_user, data: dict, enterprises=(), request=None) -> Agreement:
    """Record a signed agreement. A single-enterprise agreement names its enterprise (whose own
    union is the union party) and covers it; a regional or industry one is signed by a town
    or level-3 union and covers the listed enterprises (more may be added or imported later)."""
    coverage = data.get("coverage")
    enterprise = data.get("enterprise")
    org = data.get("org")
    errors = {}
    if coverage == Coverage.SINGLE:
        if enterprise is None:
            errors["enterprise"] = "单个企业协议须填写企业"
        elif enterprise.formation != Formation.SINGLE:
            errors["enterprise"] = f"「{enterprise.name}」没有单建工会，请以区域性或行业性协议覆盖"
        else:
            org = enterprise.org
    elif org is None:
        errors["org"] = "请填写签约工会"
    elif org.level not in (Level.TOWN, Level.JOINT):
        errors["org"] = "区域性、行业性协议的签约工会须是镇(街道)总工会或村(社区)、区域性、行业性联合工会"
    elif coverage == Coverage.INDUSTRY and org.level == Level.JOINT and org.kind in (OrgKind.VILLAGE, OrgKind.COMMUNITY):
        errors["org"] = "行业性协议须由行业性工会、区域性联合工会或镇(街道)总工会签订"
    if errors:
        raise ValidationError(errors)
    _require_writer(acting_user, org, "enterprise" if coverage == Coverage.SINGLE else "org")
    signed_on, expires_on = data["signed_on"], data["expires_on"]
    if expires_on <= signed_on:
        raise ValidationError({"expires_on": f"到期日期({expires_on:%Y-%m-%d})须晚于签订日期({signed_on:%Y-%m-%d})"})
    _not_future(signed_on, "signed_on", "签订日期")
    renews = data.get("renews")
    if renews is not None and renews.org_id != org.pk:
        raise ValidationError({"renews": "续签的原协议须是同一签约工会的协议"})
    if Agreement.objects.filter(number=data["number"]).exists():
        raise ValidationError({"number": f"协议编号 {data['number']} 已被使用"})
    listed = [enterprise] if coverage == Coverage.SINGLE else list(enterprises)
    _check_coverage(acting_user, None, listed)
    try:
        with transaction.atomic():
            agreement = Agreement.objects.create(
                org=org, enterprise=enterprise if coverage == Coverage.SINGLE else None, renews=renews, recorded_by=acting_user,
                **{f: data.get(f) for f in AGREEMENT_FIELDS if f in data},
            )
    except IntegrityError:  # the same number saved by two clicks at once
        raise ValidationError({"number": f"协议编号 {data['number']} 已被使用"}) from None
    AgreementEnterprise.objects.bulk_create([AgreementEnterprise(agreement=agreement, enterprise=e, workers=e.employee_count) for e in listed])
    audit.record(actor=acting_user, action=audit.Action.CREATE, target=agreement, summary=f"登记{agreement.get_coverage_display()}协议 {agreement.number}，覆盖企业 {len(listed)} 家",
                 changes=audit.created(agreement, AGREEMENT_FIELDS), request=request)
    return agreement


def _check_coverage(acting_user, agreement, enterprises):
    seen = set()
    for enterprise in enterprises:
        if not covers(acting_user, enterprise.org.path):
            raise ValidationError({"enterprises": f"企业「{enterprise.name}」不在您的管辖范围内，不能列入本协议"})
        if enterprise.pk in seen or (agreement is not None and agreement.covered.filter(enterprise=enterprise).exists()):
            raise ValidationError({"enterprises": f"企业「{enterprise.name}」已列入本协议，同一协议不能重复覆盖"})
        seen.add(enterprise.pk)


@transaction.atomic
def agreement_cover(*, acting_user, agreement: Agreement, enterprise, workers: int | None = None, request=None) -> AgreementEnterprise:
    """Add one enterprise to a regional or industry agreement."""
    _require_writer(acting_user, agreement.org)
    if agreement.coverage == Coverage.SINGLE:
        raise ValidationError({"enterprises": "单个企业协议只覆盖其本企业"})
    _check_coverage(acting_user, agreement, [enterprise])
    try:
        with transaction.atomic():
            row = AgreementEnterprise.objects.create(agreement=agreement, enterprise=enterprise, workers=enterprise.employee_count if workers is None else workers)
    except IntegrityError:  # the same enterprise added by two clicks at once
        raise ValidationError({"enterprises": f"企业「{enterprise.name}」已列入本协议，同一协议不能重复覆盖"}) from None
    audit.record(actor=acting_user, action=audit.Action.UPDATE, target=agreement, summary=f"协议 {agreement.number} 增加覆盖企业 {enterprise.name}", request=request)
    return row


@transaction.atomic
def agreement_file(*, acting_user, agreement: Agreement, filed_on: datetime.date, filing_number: str, request=None) -> Agreement:
    """Record the agreement's filing with the labour and social security bureau."""
    _require_writer(acting_user, agreement.org)
    if filed_on < agreement.signed_on:
        raise ValidationError({"filed_on": "备案日期不能早于签订日期"})
    _not_future(filed_on, "filed_on", "备案日期")
    before = audit.snapshot(agreement, ["filed_on", "filing_number"])
    agreement.filed_on, agreement.filing_number = filed_on, filing_number
    agreement.save(update_fields=["filed_on", "filing_number"])
    audit.record(actor=acting_user, action=audit.Action.UPDATE, target=agreement, summary=f"协议 {agreement.number} 报劳动保障部门备案",
                 changes=audit.diff(before, audit.snapshot(agreement, ["filed_on", "filing_number"])), request=request)
    return agreement


# Instructors ----------------------------------------------------------------------------------------------


def _created(acting_user, obj, summary, request):
    audit.record(actor=acting_user, action=audit.Action.CREATE, target=obj, summary=summary, request=request)
    return obj


@transaction.atomic
def instructor_register(*, acting_user, org, data: dict, request=None) -> Instructor:
    _require_writer(acting_user, org)
    _not_future(data["registered_on"], "registered_on", "登记日期")
    instructor = Instructor.objects.create(org=org, **data)
    return _created(acting_user, instructor, f"登记工资集体协商指导员 {instructor.name}", request)


@transaction.atomic
def certificate_add(*, acting_user, instructor: Instructor, data: dict, request=None) -> InstructorCertificate:
    _require_writer(acting_user, instructor.org)
    if data["issued_on"] < instructor.registered_on:
        raise ValidationError({"issued_on": "发证日期不能早于指导员登记日期"})
    _not_future(data["issued_on"], "issued_on", "发证日期")
    if InstructorCertificate.objects.filter(number=data["number"]).exists():
        raise ValidationError({"number": f"证书编号 {data['number']} 已登记"})
    certificate = InstructorCertificate.objects.create(instructor=instructor, **data)
    return _created(acting_user, certificate, f"指导员 {instructor.name} 取得资格证书 {certificate.number}", request)


@transaction.atomic
def guidance_add(*, acting_user, instructor: Instructor, enterprise, since: datetime.date, request=None) -> InstructorGuidance:
    _require_writer(acting_user, instructor.org)
    if not covers(acting_user, enterprise.org.path):
        raise ValidationError({"enterprise_code": "该企业不在您的管辖范围内"})
    if not enterprise.org.path.startswith(instructor.org.path):
        raise ValidationError({"enterprise_code": f"指导企业须在指导员登记工会「{instructor.org.name}」的范围内"})
    if InstructorGuidance.objects.filter(instructor=instructor, enterprise=enterprise).exists():
        raise ValidationError({"enterprise_code": f"指导员 {instructor.name} 已在指导「{enterprise.name}」"})
    guidance = InstructorGuidance.objects.create(instructor=instructor, enterprise=enterprise, since=since)
    return _created(acting_user, guidance, f"指导员 {instructor.name} 指导企业 {enterprise.name}", request)


@transaction.atomic
def class_create(*, acting_user, org, data: dict, request=None) -> TrainingClass:
    _require_writer(acting_user, org)
    if data["end_on"] < data["start_on"]:
        raise ValidationError({"end_on": "结业日期不能早于开班日期"})
    training_class = TrainingClass.objects.create(org=org, **data)
    return _created(acting_user, training_class, f"登记指导员培训班 {training_class.name}", request)


@transaction.atomic
def class_attend(*, acting_user, training_class: TrainingClass, instructor: Instructor, request=None) -> ClassAttendance:
    _require_writer(acting_user, training_class.org)
    if not covers(acting_user, instructor.org.path):
        raise ValidationError({"instructor": "该指导员不在您的管辖范围内"})
    if not instructor.org.path.startswith(training_class.org.path):
        raise ValidationError({"instructor": f"学员须是「{training_class.org.name}」范围内登记的指导员"})
    if ClassAttendance.objects.filter(training_class=training_class, instructor=instructor).exists():
        raise ValidationError({"instructor": f"{instructor.name} 已是本班学员"})
    attendance = ClassAttendance.objects.create(training_class=training_class, instructor=instructor)
    return _created(acting_user, attendance, f"培训班 {training_class.name} 增加学员 {instructor.name}", request)


# Democratic management ---------------------------------------------------------------------------------


def _workplace(org, field="org"):
    if org is None or org.level != Level.PRIMARY or org.kind not in (OrgKind.ENTERPRISE, OrgKind.INSTITUTION):
        raise ValidationError({field: "职代会、厂务公开按企业或事业单位的基层工会登记"})


@transaction.atomic
def democracy_record(*, acting_user, org, data: dict, request=None) -> WorkplaceDemocracy:
    """Record (or correct) when a workplace set up its workers' congress and affairs disclosure."""
    _workplace(org)
    _require_writer(acting_user, org)
    for field, label in (("congress_established_on", "职代会建制日期"), ("disclosure_established_on", "厂务公开建制日期")):
        _not_future(data.get(field), field, label)
        if data.get(field) and org.established_on and data[field] < org.established_on:
            raise ValidationError({field: f"{label}不能早于工会成立日期({org.established_on:%Y-%m-%d})"})
    democracy, created = WorkplaceDemocracy.objects.select_for_update().get_or_create(org=org, defaults=data)
    if not created:
        for field, value in data.items():
            setattr(democracy, field, value)
        democracy.save()
    audit.record(actor=acting_user, action=audit.Action.CREATE if created else audit.Action.UPDATE, target=democracy,
                 summary=f"登记「{org.name}」职代会、厂务公开建制", changes={k: str(v) for k, v in data.items()}, request=request)
    return democracy


@transaction.atomic
def session_add(*, acting_user, democracy: WorkplaceDemocracy, data: dict, request=None) -> CongressSession:
    _require_writer(acting_user, democracy.org)
    if democracy.congress_established_on is None or data["held_on"] < democracy.congress_established_on:
        raise ValidationError({"held_on": "会议日期不能早于职代会建制日期"})
    _not_future(data["held_on"], "held_on", "会议日期")
    session = CongressSession.objects.create(democracy=democracy, **data)
    return _created(acting_user, session, f"「{democracy.org.name}」召开职代会", request)


@transaction.atomic
def regional_congress_create(*, acting_user, org, data: dict, enterprises=(), request=None) -> RegionalCongress:
    if org is None or org.level not in (Level.TOWN, Level.JOINT):
        raise ValidationError({"org_code": "区域性(行业性)职代会由镇(街道)总工会或第三级联合工会建立"})
    _require_writer(acting_user, org, "org_code")
    _not_future(data["established_on"], "established_on", "建制日期")
    congress = RegionalCongress.objects.create(org=org, **data)
    rows, seen = [], set()
    for enterprise in enterprises:
        if not enterprise.org.path.startswith(org.path):
            raise ValidationError({"enterprise_codes": f"企业「{enterprise.name}」不在「{org.name}」的范围内"})
        if enterprise.pk in seen:
            raise ValidationError({"enterprise_codes": f"企业「{enterprise.name}」重复列出"})
        seen.add(enterprise.pk)
        rows.append(RegionalCongressEnterprise(congress=congress, enterprise=enterprise))
    RegionalCongressEnterprise.objects.bulk_create(rows)
    return _created(acting_user, congress, f"建立区域性职代会 {congress.name}，覆盖企业 {len(rows)} 家", request)


@transaction.atomic
def inspection_create(*, acting_user, org, data: dict, request=None) -> RepresentativeInspection:
    _require_writer(acting_user, org, "org_code")
    _not_future(data["held_on"], "held_on", "巡视日期")
    inspection = RepresentativeInspection.objects.create(org=org, **data)
    return _created(acting_user, inspection, f"「{org.name}」职工代表巡视", request)


# Union building ---------------------------------------------------------------------------------------------


@transaction.atomic
def rating_year_open(*, acting_user, year: int, request=None) -> RatingYear:
    """The federation opens a year for star ratings (only a city-level account may)."""
    if not writes_business_data(acting_user) or acting_user.org is None or acting_user.org.level != Level.FEDERATION:
        raise ValidationError({"year": "只有市总工会的经办人可以开放评定年度"})
    if year > timezone.localdate().year:
        raise ValidationError({"year": f"{year}年尚未到来，不能开放评定"})
    rating_year, created = RatingYear.objects.get_or_create(year=year, defaults={"opened_on": timezone.localdate()})
    if not created and rating_year.is_open:
        raise ValidationError({"year": f"{year}年度已开放"})
    rating_year.is_open = True
    rating_year.save()
    return _created(acting_user, rating_year, f"开放{year}年度规范化工会星级评定", request)


@transaction.atomic
def rating_record(*, acting_user, org, year: int, stars: int, rated_on: datetime.date, request=None) -> StarRating:
    _require_writer(acting_user, org, "org_code")
    if org.level != Level.PRIMARY:
        raise ValidationError({"org_code": "星级评定对象是基层工会"})
    if not RatingYear.objects.filter(year=year, is_open=True).exists():
        raise ValidationError({"year": f"{year}年度的星级评定尚未开放，请待市总工会开放后再录入"})
    if not 1 <= stars <= 5:
        raise ValidationError({"stars": "星级应为一至五星"})
    if StarRating.objects.filter(org=org, year=year).exists():
        raise ValidationError({"org_code": f"「{org.name}」{year}年度已有评定结果"})
    rating = StarRating.objects.create(org=org, year=year, stars=stars, rated_on=rated_on)
    return _created(acting_user, rating, f"「{org.name}」评为{year}年度{stars}星级规范化工会", request)


@transaction.atomic
def displays_record(*, acting_user, org, plaque_on, identity_on, request=None) -> TwoDisplays:
    _require_writer(acting_user, org, "org_code")
    if org.level != Level.PRIMARY:
        raise ValidationError({"org_code": "“双亮”按基层工会登记"})
    _not_future(plaque_on, "plaque_on", "亮牌子日期")
    _not_future(identity_on, "identity_on", "亮身份日期")
    displays, _ = TwoDisplays.objects.select_for_update().update_or_create(org=org, defaults={"plaque_on": plaque_on, "identity_on": identity_on})
    return _created(acting_user, displays, f"登记「{org.name}」双亮", request)


@transaction.atomic
def model_home_create(*, acting_user, org, data: dict, request=None) -> ModelHome:
    _require_writer(acting_user, org, "org_code")
    _not_future(data["awarded_on"], "awarded_on", "命名日期")
    return _created(acting_user, ModelHome.objects.create(org=org, **data), f"「{org.name}」命名为模范职工之家", request)


@transaction.atomic
def review_create(*, acting_user, org, data: dict, request=None) -> MemberReview:
    _require_writer(acting_user, org, "org_code")
    if data["satisfied"] > data["participants"]:
        raise ValidationError({"satisfied": "满意人数不能多于参评人数"})
    _not_future(data["held_on"], "held_on", "评议日期")
    return _created(acting_user, MemberReview.objects.create(org=org, **data), f"「{org.name}」会员评议", request)


@transaction.atomic
def election_create(*, acting_user, org, data: dict, request=None) -> ChairElection:
    _require_writer(acting_user, org, "org_code")
    if data["votes_for"] > data["voters"]:
        raise ValidationError({"votes_for": "得票数不能多于应到会员人数"})
    _not_future(data["elected_on"], "elected_on", "选举日期")
    return _created(acting_user, ChairElection.objects.create(org=org, **data), f"「{org.name}」直选工会主席 {data['chair_name']}", request)
