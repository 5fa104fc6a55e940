import datetime

from django import forms

from gonghui.campaigns.models import AwardLevel, ContestKind, InHouseAward, InnovationKind, UnitAwardKind
from gonghui.core.forms import DateInput, StyledForm

YEAR_NOW = datetime.date.today().year


class OrgCodeForm(StyledForm):
    org_code = forms.CharField(label="所在工会编码", max_length=32, required=False, help_text="不填为您所在的工会")


class ContestForm(OrgCodeForm):
    code = forms.CharField(label="竞赛编号", max_length=20, help_text="字母和数字，如 JN2012；导入名单和成绩时每行填写")
    kind = forms.ChoiceField(label="类型", choices=ContestKind.choices)
    name = forms.CharField(label="名称", max_length=120)
    organiser = forms.CharField(label="主办单位", max_length=200)
    starts_on = forms.DateField(label="开始日期", widget=DateInput())
    ends_on = forms.DateField(label="结束日期", widget=DateInput())
    events = forms.CharField(label="比赛项目", widget=forms.Textarea(attrs={"rows": 6}), help_text="每行一个；运动会写成“大项/小项”，如 田径/男子100米")
    note = forms.CharField(label="说明", max_length=500, required=False)


class EventsForm(StyledForm):
    events = forms.CharField(label="增加比赛项目", widget=forms.Textarea(attrs={"rows": 6}), help_text="每行一个；运动会写成“大项/小项”")


class UnitAwardForm(OrgCodeForm):
    kind = forms.ChoiceField(label="奖项", choices=UnitAwardKind.choices)
    unit_name = forms.CharField(label="获奖单位", max_length=120)


class EnterpriseCodeForm(OrgCodeForm):
    enterprise_code = forms.CharField(label="企业统一社会信用代码", max_length=40, required=False)


class InnovationForm(EnterpriseCodeForm):
    kind = forms.ChoiceField(label="类别", choices=InnovationKind.choices)
    number = forms.CharField(label="成果编号", max_length=30, required=False)
    title = forms.CharField(label="成果名称", max_length=200)
    team = forms.CharField(label="完成人/小组", max_length=120, required=False)
    level = forms.ChoiceField(label="评定级别", choices=AwardLevel.choices, initial=AwardLevel.CITY)
    awarded_on = forms.DateField(label="评定日期", widget=DateInput())
    benefit = forms.DecimalField(label="经济效益(元)", max_digits=14, decimal_places=2, required=False, initial=0)


class InHouseForm(EnterpriseCodeForm):
    association = forms.CharField(label="行业协会", max_length=120, required=False, help_text="行业协会开展的评聘填此项，企业信用代码留空")
    year = forms.IntegerField(label="年度", min_value=1980, max_value=YEAR_NOW, initial=YEAR_NOW)
    technical_count = forms.IntegerField(label="评聘技术类职工数", min_value=0, initial=0)
    skilled_count = forms.IntegerField(label="评聘技能类职工数", min_value=0, initial=0)
    city_award = forms.ChoiceField(label="市级表彰", choices=[("", "无")] + list(InHouseAward.choices), required=False)


class TrainingBaseForm(EnterpriseCodeForm):
    name = forms.CharField(label="基地名称", max_length=120)
    level = forms.ChoiceField(label="级别", choices=AwardLevel.choices, initial=AwardLevel.CITY)
    established_on = forms.DateField(label="建立日期", widget=DateInput())


class TrainingYearForm(StyledForm):
    year = forms.IntegerField(label="年度", min_value=1980, max_value=YEAR_NOW, initial=YEAR_NOW)
    trained = forms.IntegerField(label="培训职工(人次)", min_value=0)
    certificates = forms.IntegerField(label="获技能等级证书(人)", min_value=0)


class ContestEditForm(StyledForm):
    name = forms.CharField(label="名称", max_length=120)
    organiser = forms.CharField(label="主办单位", max_length=200)
    starts_on = forms.DateField(label="开始日期", widget=DateInput())
    ends_on = forms.DateField(label="结束日期", widget=DateInput())
    note = forms.CharField(label="说明", max_length=500, required=False)
