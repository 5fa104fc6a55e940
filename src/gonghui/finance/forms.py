from django import forms

from gonghui.core.forms import DateInput, StyledForm
from gonghui.finance.models import FindingStatus


class DuesForm(StyledForm):
    org_code = forms.CharField(label="工会编码", max_length=32)
    year = forms.IntegerField(label="年度")
    payroll = forms.DecimalField(label="工资总额(元)", max_digits=14, decimal_places=2)
    rate = forms.DecimalField(label="拨缴比例(%)", max_digits=5, decimal_places=2, initial=2)
    collected = forms.DecimalField(label="实收(元)", max_digits=12, decimal_places=2)
    note = forms.CharField(label="说明", max_length=300, required=False)


class DuesEditForm(DuesForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["org_code"]
        del self.fields["year"]


class AuditForm(StyledForm):
    org_code = forms.CharField(label="被审计工会编码", max_length=32)
    fiscal_year = forms.IntegerField(label="审计年度")
    started_on = forms.DateField(label="审计开始日期", widget=DateInput())
    auditors = forms.CharField(label="审计组成员", max_length=200)
    funds_audited = forms.DecimalField(label="审计经费总额(元)", max_digits=14, decimal_places=2, initial=0)


class FindingForm(StyledForm):
    description = forms.CharField(label="问题", max_length=300)
    amount = forms.DecimalField(label="涉及金额(元)", max_digits=12, decimal_places=2, initial=0, required=False)


class ReportForm(StyledForm):
    reported_on = forms.DateField(label="报告日期", widget=DateInput())
    conclusion = forms.CharField(label="审计结论", max_length=500, widget=forms.Textarea(attrs={"rows": 3}))


class RectifyForm(StyledForm):
    status = forms.ChoiceField(label="整改状态", choices=[c for c in FindingStatus.choices if c[0] != FindingStatus.OPEN])
    measure = forms.CharField(label="整改措施", max_length=300)
    rectified_on = forms.DateField(label="整改完成日期", widget=DateInput(), required=False)
