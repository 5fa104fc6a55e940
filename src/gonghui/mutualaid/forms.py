"""Forms of the mutual-aid pages. Lists of diseases, bands and expenses are typed one per line
(as a clerk would copy them from a notice or an invoice), and read here into tuples."""

import re

from django import forms

from gonghui.core.forms import DateInput, StyledForm
from gonghui.mutualaid.models import GRANT_PLANS, HospitalLevel, Plan

PLAN_BY_LABEL = {p.label: p.value for p in GRANT_PLANS} | {p.value: p.value for p in GRANT_PLANS}
LEVEL_BY_LABEL = {"": "", "不分": "", "全部": ""} | {lv.label: lv.value for lv in HospitalLevel} | {lv.value: lv.value for lv in HospitalLevel}
SPLIT = re.compile(r"[,，\t ]+")


def _lines(text: str) -> list[list[str]]:
    return [SPLIT.split(line.strip()) for line in (text or "").splitlines() if line.strip()]


class RulesForm(StyledForm):
    contribution = forms.DecimalField(label="每人缴费(元/年)", max_digits=12, decimal_places=2, min_value=0)
    waiting_days = forms.IntegerField(label="新参保等待期(天)", min_value=0, max_value=365, help_text="年度开始后加入的职工，参保满此天数后发生的才予保障")
    overall_cap = forms.DecimalField(label="各项合计年度封顶(元/人)", max_digits=12, decimal_places=2, min_value=0)
    serious_cap = forms.DecimalField(label="特种重病年度封顶(元/人)", max_digits=12, decimal_places=2, min_value=0)
    hospital_deductible = forms.DecimalField(label="住院起付线(元)", max_digits=12, decimal_places=2, min_value=0)
    hospital_cap = forms.DecimalField(label="住院年度封顶(元/人)", max_digits=12, decimal_places=2, min_value=0)
    women_cap = forms.DecimalField(label="女职工安康年度封顶(元/人)", max_digits=12, decimal_places=2, min_value=0)
    bands = forms.CharField(label="住院报销分段", widget=forms.Textarea(attrs={"rows": 4}),
                            help_text="每行：医院等级(不分/一级医院/二级医院/三级医院) 费用上限(末段留空或填“以上”) 报销比例(%)，如：不分 10000 50")
    diseases = forms.CharField(label="所列病种及定额补助", widget=forms.Textarea(attrs={"rows": 6}), required=False,
                               help_text="每行：保障项目(特种重病/女职工安康) 病种 定额(元)，如：特种重病 恶性肿瘤 1000")
    note = forms.CharField(label="调整说明", max_length=200, required=False)

    def clean_bands(self):
        bands = []
        for n, parts in enumerate(_lines(self.cleaned_data["bands"]), start=1):
            if len(parts) == 2:
                parts = ["不分", *parts]
            if len(parts) != 3 or parts[0] not in LEVEL_BY_LABEL:
                raise forms.ValidationError(f"第{n}行应为：医院等级 费用上限 报销比例")
            upper = "" if parts[1] in {"以上", "-", "无"} else parts[1]
            try:
                ratio = float(parts[2].rstrip("%")) / 100
            except ValueError:
                raise forms.ValidationError(f"第{n}行的报销比例不是数字") from None
            bands.append((LEVEL_BY_LABEL[parts[0]], upper, f"{ratio:.3f}"))
        return bands

    def clean_diseases(self):
        diseases = []
        for n, parts in enumerate(_lines(self.cleaned_data["diseases"]), start=1):
            if len(parts) != 3 or parts[0] not in PLAN_BY_LABEL:
                raise forms.ValidationError(f"第{n}行应为：保障项目(特种重病/女职工安康) 病种 定额")
            diseases.append((PLAN_BY_LABEL[parts[0]], parts[1], parts[2]))
        return diseases


class SchemeYearForm(RulesForm):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)

    field_order = ["year"]


def rules_initial(data: dict) -> dict:
    """A version's rules as the form shows them."""
    initial = {k: v for k, v in data.items() if k not in ("bands", "diseases")}
    initial["bands"] = "\n".join(
        f"{HospitalLevel(lv).label if lv else '不分'} {upper if upper is not None else '以上'} {ratio * 100:g}" for lv, upper, ratio in data["bands"]
    )
    initial["diseases"] = "\n".join(f"{Plan(p).label} {name} {grant}" for p, name, grant in data["diseases"])
    return initial


class UnitEnrolForm(StyledForm):
    year = forms.IntegerField(label="参保年度")
    org_code = forms.CharField(label="参保单位(工会编码)", max_length=32, help_text="村(社区)、联合工会或基层工会的组织编码")
    enrolled_on = forms.DateField(label="参保日期", widget=DateInput())


class WorkerAddForm(StyledForm):
    id_number = forms.CharField(label="身份证号", max_length=30)
    enrolled_on = forms.DateField(label="参保日期", widget=DateInput())


class PaymentForm(StyledForm):
    paid_on = forms.DateField(label="缴费日期", widget=DateInput())
    receipt_number = forms.CharField(label="收据号", max_length=40, required=False)


class LeaveForm(StyledForm):
    left_on = forms.DateField(label="退保日期", widget=DateInput())


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class ClaimForm(StyledForm):
    year = forms.IntegerField(label="保障年度")
    certificate = forms.CharField(label="参保证号或身份证号", max_length=30)
    plan = forms.ChoiceField(label="保障项目", choices=[("", "请选择")] + list(Plan.choices))
    diagnosis = forms.CharField(label="诊断", max_length=200, help_text="特种重病、女职工安康须与所列病种名称一致；加密保存，列表中隐去")
    hospital = forms.CharField(label="医院", max_length=80)
    hospital_level = forms.ChoiceField(label="医院等级", choices=[("", "请选择")] + list(HospitalLevel.choices))
    started_on = forms.DateField(label="入院/确诊日期", widget=DateInput())
    ended_on = forms.DateField(label="出院日期", widget=DateInput(), required=False)
    expenses = forms.CharField(label="费用明细", widget=forms.Textarea(attrs={"rows": 4}), required=False,
                               help_text="每行：项目 金额，如：床位费 1200.00；合计须等于医疗费用合计")
    total_expense = forms.CharField(label="医疗费用合计(元)", max_length=20, initial="0")
    documents = MultipleFileField(label="材料(出院小结、发票等，PDF/JPG/PNG)", required=False)

    def clean_expenses(self):
        items = []
        for n, parts in enumerate(_lines(self.cleaned_data["expenses"]), start=1):
            if len(parts) < 2:
                raise forms.ValidationError(f"第{n}行应为：项目 金额")
            items.append(("".join(parts[:-1]), parts[-1]))
        return items


class DecisionForm(StyledForm):
    decision = forms.ChoiceField(label="审核结果", choices=[("approve", "核准"), ("refuse", "不予支付")], widget=forms.RadioSelect)
    reason = forms.CharField(label="审核意见", max_length=200, required=False, help_text="不予支付须填写理由")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].widget.attrs["class"] = "form-check-input"


class PayForm(StyledForm):
    paid_on = forms.DateField(label="支付日期", widget=DateInput())
