import datetime

from django import forms

from gonghui.core.forms import DateInput, StyledForm
from gonghui.honours.models import HonourKind, HonourLevel, RecipientKind, StudioLevel, TeamKind

THIS_YEAR = datetime.date.today().year


class HonourForm(StyledForm):
    kind = forms.ChoiceField(label="荣誉类别", choices=HonourKind.choices)
    level = forms.ChoiceField(label="级别", choices=HonourLevel.choices)
    year = forms.IntegerField(label="年度", min_value=1950, max_value=2100, initial=THIS_YEAR)
    awarded_on = forms.DateField(label="授予日期", widget=DateInput())
    awarded_by = forms.CharField(label="授予机关", max_length=80, help_text="如 慈溪市人民政府、浙江省总工会")
    recipient_kind = forms.ChoiceField(label="获得者类型", choices=RecipientKind.choices)
    id_number = forms.CharField(label="身份证号(个人)", max_length=20, required=False, help_text="获得者为个人时填写，须是在册会员")
    credit_code = forms.CharField(label="统一社会信用代码(企业)", max_length=20, required=False)
    union_code = forms.CharField(label="工会编码(工会或班组所在工会)", max_length=32, required=False)
    team_name = forms.CharField(label="班组(团队)名称", max_length=80, required=False)
    recommended_by_code = forms.CharField(label="推荐单位(工会编码)", max_length=32, required=False)
    certificate_number = forms.CharField(label="证书编号", max_length=40, required=False)
    citation = forms.CharField(label="事迹摘要", max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 3}))


class DecisionForm(StyledForm):
    note = forms.CharField(label="审核意见", max_length=200, required=False)


class BranchForm(StyledForm):
    name = forms.CharField(label="分会名称", max_length=80)
    union_code = forms.CharField(label="所属工会编码", max_length=32, required=False, help_text="不填则为您所在的工会")
    founded_on = forms.DateField(label="成立日期", widget=DateInput())
    contact_name = forms.CharField(label="联系人", max_length=40, required=False)


class StudioForm(StyledForm):
    name = forms.CharField(label="工作室名称", max_length=100)
    id_number = forms.CharField(label="领衔劳模身份证号", max_length=20)
    level = forms.ChoiceField(label="级别", choices=StudioLevel.choices)
    named_on = forms.DateField(label="授牌日期", widget=DateInput())


class MethodForm(StyledForm):
    name = forms.CharField(label="操作法名称", max_length=100)
    id_number = forms.CharField(label="劳模身份证号", max_length=20)
    named_on = forms.DateField(label="命名日期", widget=DateInput())


class TeamForm(StyledForm):
    name = forms.CharField(label="服务队名称", max_length=100)
    kind = forms.ChoiceField(label="类型", choices=TeamKind.choices)
    union_code = forms.CharField(label="所属工会编码", max_length=32, required=False, help_text="不填则为您所在的工会")
    founded_on = forms.DateField(label="成立日期", widget=DateInput())


class JoinForm(StyledForm):
    branch = forms.ChoiceField(label="劳模联谊会分会", required=False)
    team = forms.ChoiceField(label="服务队", required=False)

    def __init__(self, *args, branches=(), teams=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["branch"].choices = [("", "(不变)")] + [(str(b.pk), b.name) for b in branches]
        self.fields["team"].choices = [("", "(不加入)")] + [(str(t.pk), t.name) for t in teams]
