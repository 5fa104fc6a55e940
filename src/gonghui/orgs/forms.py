from django import forms

from gonghui.core.forms import DateInput, StyledForm
from gonghui.orgs.models import KINDS_BY_LEVEL, Industry, Level, OrgKind, OrgStatus, Ownership, RegistrationKind


def kind_choices(levels):
    return [(k.value, k.label) for level in levels for k in OrgKind if k in KINDS_BY_LEVEL[level]]


class OrgCreateForm(StyledForm):
    name = forms.CharField(label="名称", max_length=120)
    kind = forms.ChoiceField(label="类型")
    code = forms.CharField(label="组织编码", max_length=32, required=False, help_text="留空则自动编号")
    established_on = forms.DateField(label="成立日期", required=False, widget=DateInput())
    chair_name = forms.CharField(label="工会主席", max_length=40, required=False)
    address = forms.CharField(label="地址", max_length=200, required=False)

    def __init__(self, *args, parent, **kwargs):
        super().__init__(*args, **kwargs)
        child_levels = {Level.FEDERATION: [Level.TOWN], Level.TOWN: [Level.JOINT, Level.PRIMARY], Level.JOINT: [Level.PRIMARY]}.get(parent.level, [])
        self.fields["kind"].choices = kind_choices(child_levels)


class OrgEditForm(StyledForm):
    name = forms.CharField(label="名称", max_length=120)
    kind = forms.ChoiceField(label="类型")
    status = forms.ChoiceField(label="状态", choices=OrgStatus.choices)
    established_on = forms.DateField(label="成立日期", required=False, widget=DateInput())
    chair_name = forms.CharField(label="工会主席", max_length=40, required=False)
    address = forms.CharField(label="地址", max_length=200, required=False)

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = kind_choices([org.level])


class OrgMoveForm(StyledForm):
    new_parent = forms.CharField(label="新上级组织编码", max_length=32)


class EnterpriseForm(StyledForm):
    credit_code = forms.CharField(label="统一社会信用代码", max_length=40)
    accept_flagged = forms.BooleanField(label="确认校验位存疑的早期试点代码(审核人)", required=False)
    name = forms.CharField(label="企业名称", max_length=120)
    industry = forms.ChoiceField(label="行业门类", choices=Industry.choices)
    ownership = forms.ChoiceField(label="经济类型", choices=Ownership.choices)
    above_scale = forms.BooleanField(label="规模以上企业", required=False)
    employee_count = forms.IntegerField(label="职工人数", min_value=0, max_value=1_000_000, error_messages={"min_value": "职工人数不能为负数", "invalid": "请输入整数"})
    address_town = forms.ChoiceField(label="所在镇(街道)")
    address = forms.CharField(label="地址", max_length=200, required=False)
    org_code = forms.CharField(label="所属工会编码", max_length=32, help_text="单建企业填本企业工会编码；联建填联合工会编码；未建会填所在镇(街道)或村编码")

    def __init__(self, *args, towns, can_accept_flagged: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["address_town"].choices = [("", "请选择")] + [(str(t.pk), t.name) for t in towns]
        if not can_accept_flagged:
            del self.fields["accept_flagged"]


class RegistrationForm(StyledForm):
    kind = forms.ChoiceField(label="登记类型", choices=RegistrationKind.choices)
    certificate_number = forms.CharField(label="证书编号", max_length=40)
    registered_on = forms.DateField(label="登记日期", widget=DateInput())
    valid_until = forms.DateField(label="有效期至", required=False, widget=DateInput())
    legal_representative = forms.CharField(label="法定代表人", max_length=40, required=False)
    note = forms.CharField(label="说明", max_length=300, required=False)
