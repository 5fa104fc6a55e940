from django import forms

from gonghui.assistance.models import Cause, DocumentKind, EntryKind, Grade, PayMethod, ProgrammeKind, SchoolLevel, TicketWay
from gonghui.core.forms import DateInput, StyledForm

MONEY = dict(max_digits=12, decimal_places=2, min_value=0)


class FileApplyForm(StyledForm):
    id_number = forms.CharField(label="职工身份证号", max_length=30, help_text="须是您管辖范围内的在册会员")
    grade = forms.ChoiceField(label="困难类别", choices=Grade.choices)
    cause_main = forms.ChoiceField(label="主要致困原因", choices=Cause.choices)
    cause_secondary = forms.ChoiceField(label="次要致困原因", choices=[("", "无")] + list(Cause.choices), required=False)
    is_model_worker = forms.BooleanField(label="困难劳模", required=False)
    worker_income = forms.DecimalField(label="本人年收入(元)", **MONEY)
    other_income = forms.DecimalField(label="其他家庭收入(元)", required=False, help_text="低保、补助、租金等", **MONEY)
    applied_on = forms.DateField(label="申请日期", widget=DateInput())
    diagnosis = forms.CharField(label="病情/残疾情况", max_length=500, required=False, help_text="加密保存")
    situation = forms.CharField(label="困难情况", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, required=False)


class FamilyRowForm(StyledForm):
    name = forms.CharField(label="姓名", max_length=40, required=False)
    relation = forms.CharField(label="关系", max_length=20, required=False)
    birth_year = forms.IntegerField(label="出生年份", min_value=1900, max_value=2100, required=False)
    annual_income = forms.DecimalField(label="年收入(元)", required=False, **MONEY)
    school_level = forms.ChoiceField(label="在读学段", choices=SchoolLevel.choices, required=False)


FamilyFormSet = forms.formset_factory(FamilyRowForm, extra=5, max_num=12)


class VisitForm(StyledForm):
    visited_on = forms.DateField(label="走访日期", widget=DateInput())
    note = forms.CharField(label="走访记录", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class NoticeForm(StyledForm):
    start = forms.DateField(label="公示开始", widget=DateInput())
    end = forms.DateField(label="公示结束", widget=DateInput())
    place = forms.CharField(label="公示地点", max_length=100)


class ReasonForm(StyledForm):
    reason = forms.CharField(label="原因", max_length=200)


class ExitForm(StyledForm):
    on = forms.DateField(label="脱困日期", widget=DateInput())
    reason = forms.CharField(label="脱困原因", max_length=200)


class ReviewForm(StyledForm):
    year = forms.IntegerField(label="复核年度", min_value=2000, max_value=2100)
    worker_income = forms.DecimalField(label="本人年收入(元)", **MONEY)
    other_income = forms.DecimalField(label="其他家庭收入(元)", required=False, **MONEY)
    grade = forms.ChoiceField(label="困难类别", choices=Grade.choices)
    note = forms.CharField(label="说明", max_length=200, required=False)


class DocumentForm(StyledForm):
    kind = forms.ChoiceField(label="材料类型", choices=DocumentKind.choices)
    upload = forms.FileField(label="扫描件(PDF/JPG/PNG，不超过10MB)")


class ThresholdForm(StyledForm):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    per_capita_income = forms.DecimalField(label="家庭人均年收入标准(元)", **MONEY)


class RateForm(StyledForm):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    school_level = forms.ChoiceField(label="学段", choices=[c for c in SchoolLevel.choices if c[0]])
    amount = forms.DecimalField(label="每人补助(元)", **MONEY)


class ProgrammeForm(StyledForm):
    code = forms.CharField(label="活动编号", max_length=30, help_text="如 2012-SWN-01")
    name = forms.CharField(label="活动名称", max_length=100)
    kind = forms.ChoiceField(label="类型", choices=ProgrammeKind.choices)
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    starts_on = forms.DateField(label="开始日期", widget=DateInput())
    ends_on = forms.DateField(label="结束日期", widget=DateInput())
    budget = forms.DecimalField(label="预算(元)", **MONEY)
    cap_per_person = forms.DecimalField(label="每人补助上限(元)", **MONEY)
    rules = forms.CharField(label="活动规则", widget=forms.Textarea(attrs={"rows": 3}), max_length=4000, required=False)


class GrantForm(StyledForm):
    id_number = forms.CharField(label="受助职工身份证号", max_length=30)
    child_id = forms.IntegerField(label="受助子女(金秋助学)", required=False, help_text="档案中在读子女的编号，见档案页")
    fund_code = forms.CharField(label="支出基金编号", max_length=30)
    amount = forms.DecimalField(label="金额(元)", required=False, help_text="金秋助学按当年学段标准自动确定", **MONEY)
    method = forms.ChoiceField(label="发放方式", choices=PayMethod.choices)
    goods = forms.CharField(label="物资内容", max_length=200, required=False)
    reason = forms.CharField(label="帮扶事由", max_length=200, required=False)


class PayByHandForm(StyledForm):
    paid_on = forms.DateField(label="发放日期", widget=DateInput())
    receipt_number = forms.CharField(label="签收单号", max_length=40)
    signed_by = forms.CharField(label="签收人", max_length=40)


class BankPaidForm(StyledForm):
    paid_on = forms.DateField(label="银行代发日期", widget=DateInput())


class FundForm(StyledForm):
    code = forms.CharField(label="基金编号", max_length=30)
    name = forms.CharField(label="名称", max_length=100)
    org_code = forms.CharField(label="管理单位编码", max_length=32, required=False, help_text="不填为本单位")
    enterprise_code = forms.CharField(label="企业统一社会信用代码", max_length=40, required=False, help_text="企业职工互助基金填写")
    established_on = forms.DateField(label="设立日期", widget=DateInput())


class IncomeForm(StyledForm):
    kind = forms.ChoiceField(label="收入类型", choices=[(k, l) for k, l in EntryKind.choices if k in ("appropriation", "donation", "goods_donation")])
    amount = forms.DecimalField(label="金额(元)", **MONEY)
    on = forms.DateField(label="日期", widget=DateInput())
    programme_code = forms.CharField(label="专用于活动编号", max_length=30, required=False)
    source = forms.CharField(label="来源/说明", max_length=200, required=False)


class TransferForm(StyledForm):
    target_code = forms.CharField(label="下拨至基金编号", max_length=30)
    amount = forms.DecimalField(label="金额(元)", **MONEY)
    on = forms.DateField(label="日期", widget=DateInput())
    programme_code = forms.CharField(label="专用于活动编号", max_length=30, required=False)


class TicketForm(StyledForm):
    way = forms.ChoiceField(label="方式", choices=TicketWay.choices)
    workers = forms.IntegerField(label="人数", min_value=1, max_value=100000)
    on = forms.DateField(label="日期", widget=DateInput())
    note = forms.CharField(label="说明", max_length=200, required=False)


class JobForm(StyledForm):
    employer = forms.CharField(label="用工单位", max_length=120)
    jobs_offered = forms.IntegerField(label="提供岗位", min_value=1, max_value=100000)
    jobs_taken = forms.IntegerField(label="达成就业", min_value=0, max_value=100000)
    on = forms.DateField(label="日期", widget=DateInput())
