from django import forms

from gonghui.core.forms import DateInput, StyledForm

from gonghui.bargaining.models import AgreementKind, CertificateLevel, Coverage

ORG_CODE_HELP = "工会组织编码，见组织树"


def _codes(text: str) -> list[str]:
    return [line.strip().upper() for line in text.replace(",", "\n").replace("，", "\n").splitlines() if line.strip()]


class AgreementForm(StyledForm):
    number = forms.CharField(label="协议编号", max_length=40)
    kind = forms.ChoiceField(label="协议类型", choices=AgreementKind.choices, initial=AgreementKind.WAGE)
    coverage = forms.ChoiceField(label="覆盖范围", choices=Coverage.choices)
    enterprise_code = forms.CharField(label="企业统一社会信用代码(单个企业协议)", max_length=18, required=False)
    org_code = forms.CharField(label="签约工会编码(区域性、行业性协议)", max_length=32, required=False, help_text="镇(街道)总工会或村(社区)、区域性、行业性联合工会")
    employer_party = forms.CharField(label="企业方", max_length=120, required=False, help_text="单个企业协议不填则为企业名称；区域性、行业性协议填企业方代表组织")
    signed_on = forms.DateField(label="签订日期", widget=DateInput())
    expires_on = forms.DateField(label="到期日期", widget=DateInput())
    workers_covered = forms.IntegerField(label="惠及职工人数", min_value=0, max_value=10_000_000, initial=0)
    wage_increase = forms.DecimalField(label="工资增长幅度(%)", max_digits=5, decimal_places=2, required=False, min_value=-100)
    lowest_wage = forms.DecimalField(label="最低工资(元/月)", max_digits=12, decimal_places=2, required=False, min_value=0)
    renews_number = forms.CharField(label="续签的原协议编号", max_length=40, required=False)
    enterprise_codes = forms.CharField(label="覆盖企业信用代码(区域性、行业性协议，每行一个)", required=False, widget=forms.Textarea(attrs={"rows": 4}),
                                       help_text="企业多时可保存后在协议页用Excel导入")

    def clean_enterprise_codes(self):
        return _codes(self.cleaned_data["enterprise_codes"])


class CoverForm(StyledForm):
    enterprise_code = forms.CharField(label="企业统一社会信用代码", max_length=18)
    workers = forms.IntegerField(label="覆盖职工人数", min_value=0, required=False)


class FilingForm(StyledForm):
    filed_on = forms.DateField(label="备案日期", widget=DateInput())
    filing_number = forms.CharField(label="备案编号", max_length=40, required=False)


class InstructorForm(StyledForm):
    org_code = forms.CharField(label="登记工会编码", max_length=32, required=False, help_text="不填则为本人所在组织")
    name = forms.CharField(label="姓名", max_length=40)
    unit = forms.CharField(label="工作单位", max_length=120, required=False)
    position = forms.CharField(label="职务", max_length=60, required=False)
    registered_on = forms.DateField(label="登记日期", widget=DateInput())


class CertificateForm(StyledForm):
    number = forms.CharField(label="证书编号", max_length=40)
    issuer = forms.CharField(label="发证单位", max_length=80, initial="宁波市总工会")
    level = forms.ChoiceField(label="证书级别", choices=CertificateLevel.choices, initial=CertificateLevel.NINGBO)
    issued_on = forms.DateField(label="发证日期", widget=DateInput())


class GuidanceForm(StyledForm):
    enterprise_code = forms.CharField(label="指导企业信用代码", max_length=18)
    since = forms.DateField(label="起始日期", widget=DateInput())


class ClassForm(StyledForm):
    org_code = forms.CharField(label="主办工会编码", max_length=32, required=False, help_text="不填则为本人所在组织")
    name = forms.CharField(label="培训班名称", max_length=120)
    start_on = forms.DateField(label="开班日期", widget=DateInput())
    end_on = forms.DateField(label="结业日期", widget=DateInput())
    place = forms.CharField(label="地点", max_length=120, required=False)


class AttendForm(StyledForm):
    instructor_number = forms.IntegerField(label="学员(指导员编号)", min_value=1)


class DemocracyForm(StyledForm):
    org_code = forms.CharField(label="基层工会编码", max_length=32, help_text="企业或事业单位的工会")
    congress_established_on = forms.DateField(label="职代会建制日期", widget=DateInput(), required=False)
    disclosure_established_on = forms.DateField(label="厂务公开建制日期", widget=DateInput(), required=False)
    sessions_per_year = forms.IntegerField(label="每年召开次数", min_value=0, max_value=12, initial=1)


class SessionForm(StyledForm):
    held_on = forms.DateField(label="召开日期", widget=DateInput())
    representatives = forms.IntegerField(label="出席代表人数", min_value=0)
    motions = forms.IntegerField(label="提案数", min_value=0, initial=0)


class RegionalCongressForm(StyledForm):
    org_code = forms.CharField(label="建制工会编码", max_length=32)
    name = forms.CharField(label="名称", max_length=120)
    established_on = forms.DateField(label="建制日期", widget=DateInput())
    representatives = forms.IntegerField(label="职工代表人数", min_value=0)
    enterprise_codes = forms.CharField(label="覆盖企业信用代码(每行一个)", required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def clean_enterprise_codes(self):
        return _codes(self.cleaned_data["enterprise_codes"])


class InspectionForm(StyledForm):
    org_code = forms.CharField(label="组织工会编码", max_length=32)
    held_on = forms.DateField(label="巡视日期", widget=DateInput())
    representatives = forms.IntegerField(label="参加代表人数", min_value=1)
    subject = forms.CharField(label="巡视内容", max_length=200)
    findings = forms.CharField(label="发现问题及整改", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class RatingYearForm(StyledForm):
    year = forms.IntegerField(label="评定年度", min_value=2000, max_value=2100)


class RatingForm(StyledForm):
    org_code = forms.CharField(label="基层工会编码", max_length=32)
    year = forms.IntegerField(label="评定年度", min_value=2000, max_value=2100)
    stars = forms.TypedChoiceField(label="星级", coerce=int, choices=[(5, "五星级"), (4, "四星级"), (3, "三星级"), (2, "二星级"), (1, "一星级")])
    rated_on = forms.DateField(label="评定日期", widget=DateInput())


class DisplaysForm(StyledForm):
    org_code = forms.CharField(label="基层工会编码", max_length=32)
    plaque_on = forms.DateField(label="亮牌子日期", widget=DateInput(), required=False)
    identity_on = forms.DateField(label="亮身份日期", widget=DateInput(), required=False)


class ModelHomeForm(StyledForm):
    org_code = forms.CharField(label="工会编码", max_length=32)
    level = forms.ChoiceField(label="级别", choices=CertificateLevel.choices)
    awarded_on = forms.DateField(label="命名日期", widget=DateInput())


class ReviewForm(StyledForm):
    org_code = forms.CharField(label="工会编码", max_length=32)
    held_on = forms.DateField(label="评议日期", widget=DateInput())
    participants = forms.IntegerField(label="参评会员人数", min_value=1)
    satisfied = forms.IntegerField(label="满意人数", min_value=0)


class ElectionForm(StyledForm):
    org_code = forms.CharField(label="工会编码", max_length=32)
    elected_on = forms.DateField(label="选举日期", widget=DateInput())
    chair_name = forms.CharField(label="当选主席", max_length=40)
    voters = forms.IntegerField(label="应到会员人数", min_value=1)
    votes_for = forms.IntegerField(label="得票数", min_value=0)
