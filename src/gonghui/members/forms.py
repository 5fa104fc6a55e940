from django import forms

from gonghui.core.forms import DateInput, StyledForm
from gonghui.members.models import ETHNICITIES, Education, Household, MemberStatus


class MemberForm(StyledForm):
    name = forms.CharField(label="姓名", max_length=40)
    id_number = forms.CharField(label="身份证号", max_length=30, help_text="出生日期和性别由身份证号自动得出")
    mobile = forms.CharField(label="手机号", max_length=20, required=False)
    ethnicity = forms.ChoiceField(label="民族", choices=[(e, e) for e in ETHNICITIES], initial="汉族")
    education = forms.ChoiceField(label="文化程度", choices=[("", "未填")] + list(Education.choices), required=False)
    household = forms.ChoiceField(label="户籍类型", choices=Household.choices)
    joined_on = forms.DateField(label="入会日期", widget=DateInput())
    enterprise_code = forms.CharField(label="工作单位统一社会信用代码", max_length=40, required=False)


class MemberRegisterForm(MemberForm):
    org_code = forms.CharField(label="所在工会编码", max_length=32, help_text="村(社区)、联合工会或基层工会的组织编码")


class MemberEndForm(StyledForm):
    status = forms.ChoiceField(label="办理", choices=[c for c in MemberStatus.choices if c[0] != MemberStatus.ACTIVE])
    on = forms.DateField(label="日期", widget=DateInput())


class TransferForm(StyledForm):
    to_org_code = forms.CharField(label="转入工会编码", max_length=32)
    to_enterprise_code = forms.CharField(label="新工作单位统一社会信用代码", max_length=40, required=False)
    effective_on = forms.DateField(label="转会日期", widget=DateInput())
    reason = forms.CharField(label="转会原因", max_length=200, required=False)
