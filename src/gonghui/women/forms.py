from django import forms

from gonghui.core.forms import DateInput, StyledForm
from gonghui.women.models import CarePointKind

PLACE_HELP = "企业的统一社会信用代码，或工会的组织编码；须在您的管辖范围内"


class AgreementForm(StyledForm):
    place = forms.CharField(label="企业统一社会信用代码", max_length=40)
    signed_on = forms.DateField(label="签订日期", widget=DateInput())
    expires_on = forms.DateField(label="到期日期", widget=DateInput())
    women_covered = forms.IntegerField(label="覆盖女职工(人)")
    terms = forms.CharField(label="主要条款", max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3}))


class CarePointForm(StyledForm):
    kind = forms.ChoiceField(label="类别", choices=CarePointKind.choices)
    name = forms.CharField(label="名称", max_length=120)
    place = forms.CharField(label="所在单位", max_length=40, help_text=PLACE_HELP)
    opened_on = forms.DateField(label="设立日期", widget=DateInput())
    staff = forms.IntegerField(label="工作人员(人)", initial=1)
    counsellors_certified = forms.IntegerField(label="持证心理咨询师(人)", initial=0)


class CloseForm(StyledForm):
    closed_on = forms.DateField(label="撤销日期", widget=DateInput())


class WelfareActivityForm(StyledForm):
    place = forms.CharField(label="企业统一社会信用代码", max_length=40)
    held_on = forms.DateField(label="日期", widget=DateInput())
    title = forms.CharField(label="活动内容", max_length=120, help_text="如：心理健康讲座、团体辅导、心理测评")
    participants = forms.IntegerField(label="参加职工(人)")
