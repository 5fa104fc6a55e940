import datetime

from django import forms

from gonghui.core.forms import DateInput, StyledForm
from gonghui.outreach.models import PlaceKind


class GroupForm(StyledForm):
    name = forms.CharField(label="组名", max_length=60, help_text="如：第一组")
    year = forms.IntegerField(label="年度", initial=datetime.date.today().year)
    org_code = forms.CharField(label="派出单位编码", max_length=32, required=False, help_text="不填为您所在的单位")
    theme = forms.CharField(label="活动主题", max_length=120, required=False)
    leader = forms.CharField(label="组长", max_length=40)
    members = forms.CharField(label="成员", max_length=600, required=False, help_text="姓名之间用顿号、逗号或空格分开")


class VisitForm(StyledForm):
    place_kind = forms.ChoiceField(label="走访对象", choices=PlaceKind.choices)
    place = forms.CharField(label="走访单位", max_length=40, help_text="企业、班组填企业统一社会信用代码；镇(街道)、村(社区)填其工会组织编码")
    team_name = forms.CharField(label="班组名称", max_length=60, required=False)
    visited_on = forms.DateField(label="走访日期", widget=DateInput())
    workers_met = forms.IntegerField(label="访问职工(人)", initial=0)
    meetings = forms.IntegerField(label="座谈会(次)", initial=0)
    talks = forms.IntegerField(label="形势政策宣讲(次)", initial=0)
    tech_help = forms.IntegerField(label="技术帮扶(次)", initial=0)
    materials = forms.IntegerField(label="发放资料(份)", initial=0)
    problems_raised = forms.IntegerField(label="反映问题(个)", initial=0)
    problems_solved = forms.IntegerField(label="解决问题(个)", initial=0)
    problems_note = forms.CharField(label="问题及解决情况", max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3}))
