import datetime

from django import forms

from gonghui.core.forms import DateInput, StyledForm
from gonghui.safety.models import AnkangKind, AnkangLevel, InspectorLevel, SafetyClass

THIS_YEAR = datetime.date.today().year


class InspectorForm(StyledForm):
    id_number = forms.CharField(label="身份证号", max_length=20, help_text="须是在册会员")
    level = forms.ChoiceField(label="级别", choices=InspectorLevel.choices)
    appointed_on = forms.DateField(label="聘任日期", widget=DateInput())
    certificate_number = forms.CharField(label="证书编号", max_length=40, required=False)


class EndForm(StyledForm):
    ended_on = forms.DateField(label="解聘日期", widget=DateInput())


class AnkangForm(StyledForm):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100, initial=THIS_YEAR)
    level = forms.ChoiceField(label="级别", choices=AnkangLevel.choices)
    kind = forms.ChoiceField(label="类别", choices=AnkangKind.choices)
    awarded_on = forms.DateField(label="授予日期", widget=DateInput())
    credit_code = forms.CharField(label="企业统一社会信用代码(优胜企业)", max_length=20, required=False)
    union_code = forms.CharField(label="工会编码(组织单位或班组所在工会)", max_length=32, required=False)
    team_name = forms.CharField(label="班组名称", max_length=80, required=False)
    id_number = forms.CharField(label="身份证号(先进个人)", max_length=20, required=False)


class ClassificationForm(StyledForm):
    credit_code = forms.CharField(label="企业统一社会信用代码", max_length=20)
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100, initial=THIS_YEAR)
    safety_class = forms.ChoiceField(label="分类", choices=SafetyClass.choices)
    assessed_on = forms.DateField(label="评定日期", widget=DateInput())
