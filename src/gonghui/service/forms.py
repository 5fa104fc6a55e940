"""The service centre's forms: they parse what was typed; the services judge it."""

from django import forms

from gonghui.core.forms import DateInput, StyledForm
from gonghui.service.models import (
    ActivityKind, CaseCategory, Channel, Outcome, RiskLevel, RiskSign, Satisfaction, SiteTier,
)

BLANK = [("", "请选择")]
ORG_CODE_HELP = "填写工会组织编码(见“组织”页面)"
CREDIT_HELP = "填写统一社会信用代码；企业不在名录中的可只填名称"


def _money_field(label, required=True):
    return forms.DecimalField(label=label, max_digits=12, decimal_places=2, required=required, initial=0,
                              error_messages={"invalid": f"{label}应为数字", "max_decimal_places": f"{label}最多两位小数", "max_digits": f"{label}过大"})


class CaseForm(StyledForm):
    channel = forms.ChoiceField(label="来源渠道", choices=BLANK + Channel.choices)
    received_on = forms.DateField(label="受理日期", widget=DateInput())
    category = forms.ChoiceField(label="案件类别", choices=BLANK + CaseCategory.choices)
    anonymous = forms.BooleanField(label="匿名反映", required=False)
    reporter_name = forms.CharField(label="反映人姓名", max_length=40, required=False)
    reporter_phone = forms.CharField(label="联系电话", max_length=20, required=False, help_text="加密保存，列表中只显示部分号码")
    enterprise_code = forms.CharField(label="涉及企业信用代码", max_length=18, required=False, help_text=CREDIT_HELP)
    enterprise_name = forms.CharField(label="涉及企业名称", max_length=120, required=False)
    workers_count = forms.IntegerField(label="涉及职工人数", initial=1, error_messages={"invalid": "涉及职工人数应为整数"})
    amount_involved = _money_field("涉及金额(元)")
    worker_names = forms.CharField(label="涉及职工姓名", required=False, widget=forms.Textarea(attrs={"rows": 2}), help_text="已知姓名的，每行一人")
    description = forms.CharField(label="反映内容", widget=forms.Textarea(attrs={"rows": 4}))


class AssignForm(StyledForm):
    to_org = forms.ChoiceField(label="交办至(服务站/服务点)")
    reason = forms.CharField(label="交办意见", max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, sites=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_org"].choices = BLANK + [(str(s.org_id), f"{s.name}({s.get_tier_display()})") for s in sites]


class ReasonForm(StyledForm):
    reason = forms.CharField(label="理由/意见", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class AcceptForm(StyledForm):
    reason = forms.CharField(label="受理意见", max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ConcludeForm(StyledForm):
    outcome = forms.ChoiceField(label="办理结果", choices=BLANK + Outcome.choices)
    amount_recovered = _money_field("挽回金额(元)")
    concluded_on = forms.DateField(label="办结日期", widget=DateInput())
    satisfaction = forms.ChoiceField(label="反映人满意度", choices=BLANK + Satisfaction.choices, required=False)
    conclusion = forms.CharField(label="办结情况", widget=forms.Textarea(attrs={"rows": 3}))


class VisitForm(StyledForm):
    visited_on = forms.DateField(label="回访日期", widget=DateInput())
    satisfaction = forms.ChoiceField(label="满意度", choices=BLANK + Satisfaction.choices)
    note = forms.CharField(label="回访情况", max_length=300, required=False)


class WorkerForm(StyledForm):
    name = forms.CharField(label="职工姓名", max_length=40)
    id_number = forms.CharField(label="会员身份证号", max_length=18, required=False, help_text="是会员的，填身份证号以关联会员档案")


class AttachmentForm(StyledForm):
    file = forms.FileField(label="附件", help_text="PDF、JPG、PNG、Word、Excel，单个不超过10MB", error_messages={"required": "请选择要上传的文件"})


class SiteForm(StyledForm):
    org_code = forms.CharField(label="工会组织编码", max_length=32, help_text=ORG_CODE_HELP)
    tier = forms.ChoiceField(label="类别", choices=BLANK + SiteTier.choices)
    name = forms.CharField(label="网点名称", max_length=120)
    address = forms.CharField(label="地址", max_length=200, required=False)
    hours = forms.CharField(label="服务时间", max_length=100, required=False, initial="工作日 8:30-17:00")
    phone = forms.CharField(label="服务电话", max_length=40, required=False)
    staff = forms.CharField(label="工作人员", max_length=200, required=False)
    established_on = forms.DateField(label="设立日期", widget=DateInput())
    closed_on = forms.DateField(label="撤销日期", widget=DateInput(), required=False)


class TimeLimitForm(StyledForm):
    def __init__(self, *args, current=None, **kwargs):
        super().__init__(*args, **kwargs)
        for value, label in CaseCategory.choices:
            self.fields[value] = forms.IntegerField(label=f"{label}(工作日)", min_value=1, max_value=90, initial=(current or {}).get(value),
                                                    error_messages={"min_value": "办理时限至少1个工作日", "max_value": "办理时限最多90个工作日", "invalid": "应为整数"})


class FirmForm(StyledForm):
    name = forms.CharField(label="律师事务所名称", max_length=120)
    address = forms.CharField(label="地址", max_length=200, required=False)
    phone = forms.CharField(label="联系电话", max_length=40, required=False)


class LawyerForm(StyledForm):
    name = forms.CharField(label="律师姓名", max_length=40)
    license_number = forms.CharField(label="执业证号", max_length=17)
    phone = forms.CharField(label="联系电话", max_length=40, required=False)


class PairingForm(StyledForm):
    lawyer = forms.ChoiceField(label="律师")
    org_code = forms.CharField(label="结对工会组织编码", max_length=32, help_text=ORG_CODE_HELP)
    started_on = forms.DateField(label="结对日期", widget=DateInput())

    def __init__(self, *args, lawyers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lawyer"].choices = BLANK + [(str(lw.pk), f"{lw.name}({lw.firm.name})") for lw in lawyers]


class PairingEndForm(StyledForm):
    ended_on = forms.DateField(label="结束日期", widget=DateInput())


class ActivityForm(StyledForm):
    kind = forms.ChoiceField(label="活动类别", choices=BLANK + ActivityKind.choices)
    held_on = forms.DateField(label="日期", widget=DateInput())
    enterprise_code = forms.CharField(label="企业信用代码", max_length=18, required=False, help_text="审查规章制度必填")
    subject = forms.CharField(label="主题/事由", max_length=200)
    attendees = forms.IntegerField(label="参加/受助人数", min_value=0, initial=0, error_messages={"min_value": "人数不能为负数"})


class WarningForm(StyledForm):
    enterprise_code = forms.CharField(label="企业信用代码", max_length=18)
    sign = forms.ChoiceField(label="风险迹象", choices=BLANK + RiskSign.choices)
    level = forms.TypedChoiceField(label="风险等级", choices=BLANK + RiskLevel.choices, coerce=int)
    identified_on = forms.DateField(label="发现日期", widget=DateInput())
    workers_affected = forms.IntegerField(label="涉及职工人数", min_value=0, initial=0, error_messages={"min_value": "人数不能为负数"})
    description = forms.CharField(label="情况说明", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class HandlingForm(StyledForm):
    handled_on = forms.DateField(label="处置日期", widget=DateInput())
    action = forms.CharField(label="处置情况", max_length=500, widget=forms.Textarea(attrs={"rows": 3}))
    level = forms.TypedChoiceField(label="调整风险等级", choices=[("", "不调整")] + RiskLevel.choices, coerce=int, required=False, empty_value=None)
    close = forms.BooleanField(label="风险已消除，解除预警", required=False)


class IncidentForm(StyledForm):
    org_code = forms.CharField(label="发生地工会组织编码", max_length=32, help_text=ORG_CODE_HELP)
    enterprise_code = forms.CharField(label="涉及企业信用代码", max_length=18, required=False)
    occurred_on = forms.DateField(label="发生日期", widget=DateInput())
    workers_count = forms.IntegerField(label="参与职工人数", min_value=1, error_messages={"min_value": "参与职工人数至少为1"})
    cause = forms.CharField(label="起因", max_length=200)


class StepForm(StyledForm):
    step = forms.CharField(label="应急处置措施", max_length=500, widget=forms.Textarea(attrs={"rows": 3}))
    resolved_on = forms.DateField(label="事件已平息(平息日期)", widget=DateInput(), required=False)


class GroupForm(StyledForm):
    org_code = forms.CharField(label="组团工会组织编码", max_length=32, help_text=ORG_CODE_HELP)
    name = forms.CharField(label="团队名称", max_length=120)
    destination = forms.CharField(label="休养地", max_length=120)
    start_on = forms.DateField(label="出发日期", widget=DateInput())
    end_on = forms.DateField(label="返回日期", widget=DateInput())


class PermitForm(StyledForm):
    permit_number = forms.CharField(label="许可证号", max_length=30)
    permit_issued_on = forms.DateField(label="发放日期", widget=DateInput())


class CertificateForm(StyledForm):
    name = forms.CharField(label="姓名", max_length=40)
    id_number = forms.CharField(label="会员身份证号", max_length=18, required=False, help_text="是会员的，填身份证号以关联会员档案")
    issued_on = forms.DateField(label="发证日期", widget=DateInput())
