from django import forms

from gonghui.core.forms import DateInput, StyledForm
from gonghui.culture.models import AssessmentLevel, BodyKind, DeliveryKind, RecognitionKind, RecognitionLevel

PLACE_HELP = "企业的统一社会信用代码，或工会的组织编码；须在您的管辖范围内"


class DeliveryForm(StyledForm):
    kind = forms.ChoiceField(label="类别", choices=DeliveryKind.choices)
    title = forms.CharField(label="节目/影片/书目", max_length=120)
    place = forms.CharField(label="受送单位", max_length=40, help_text=PLACE_HELP)
    delivered_on = forms.DateField(label="日期", widget=DateInput())
    quantity = forms.IntegerField(label="数量", help_text="演出、电影填场次，书籍填册数")
    audience = forms.IntegerField(label="受惠职工(人次)", initial=0)
    note = forms.CharField(label="说明", max_length=300, required=False)


class LibraryForm(StyledForm):
    name = forms.CharField(label="书屋名称", max_length=120)
    place = forms.CharField(label="所在单位", max_length=40, help_text=PLACE_HELP)
    opened_on = forms.DateField(label="建成日期", widget=DateInput())
    books_held = forms.IntegerField(label="藏书(册)", initial=0)
    area_m2 = forms.IntegerField(label="面积(平方米)", initial=0)


class LearningEnterpriseForm(StyledForm):
    place = forms.CharField(label="企业统一社会信用代码", max_length=40)
    started_on = forms.DateField(label="开始创建日期", widget=DateInput())
    plan = forms.CharField(label="学习培训计划", max_length=300, required=False)


class AssessmentForm(StyledForm):
    year = forms.IntegerField(label="年度")
    level = forms.ChoiceField(label="评定级别", choices=AssessmentLevel.choices)
    assessed_on = forms.DateField(label="评定日期", widget=DateInput())
    score = forms.DecimalField(label="得分", max_digits=5, decimal_places=1, required=False)
    awarded_by = forms.CharField(label="评定机关", max_length=80, required=False)


class BodyForm(StyledForm):
    name = forms.CharField(label="名称", max_length=120)
    kind = forms.ChoiceField(label="类别", choices=BodyKind.choices)
    org_code = forms.CharField(label="主管工会编码", max_length=32)
    founded_on = forms.DateField(label="成立(挂牌)日期", widget=DateInput())
    members_count = forms.IntegerField(label="成员人数", initial=0)
    leader = forms.CharField(label="负责人", max_length=40, required=False)


class RecognitionForm(StyledForm):
    kind = forms.ChoiceField(label="称号类别", choices=RecognitionKind.choices)
    level = forms.ChoiceField(label="级别", choices=RecognitionLevel.choices)
    place = forms.CharField(label="获授单位", max_length=40, help_text=PLACE_HELP)
    library = forms.IntegerField(label="关联职工书屋编号", required=False, help_text="“职工书屋”称号可填该书屋的编号，书屋的认定级别随之更新")
    awarded_on = forms.DateField(label="授予日期", widget=DateInput())
    awarded_by = forms.CharField(label="授予机关", max_length=80)
