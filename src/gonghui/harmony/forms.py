import datetime

from django import forms

from gonghui.core.forms import DateInput, StyledForm
from gonghui.harmony.models import AwardLevel

THIS_YEAR = datetime.date.today().year


class SheetForm(StyledForm):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    title = forms.CharField(label="名称", max_length=100, initial="和谐企业创建评分标准")
    pass_score = forms.DecimalField(label="达标分数", max_digits=6, decimal_places=2)


class ItemForm(StyledForm):
    name = forms.CharField(label="评分项目", max_length=80)
    max_points = forms.DecimalField(label="满分", max_digits=6, decimal_places=2)


class ApplicationForm(StyledForm):
    credit_code = forms.CharField(label="企业统一社会信用代码", max_length=20)
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100, initial=THIS_YEAR)
    level = forms.ChoiceField(label="申报级别", choices=AwardLevel.choices)
    applied_on = forms.DateField(label="申报日期", widget=DateInput())


class ScoreForm(StyledForm):
    """One field per criteria item, bounded by the item's maximum (checked again by the service)."""

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        for item in items:
            self.fields[f"item_{item.pk}"] = forms.DecimalField(label=f"{item.number}. {item.name}(满分{item.max_points})", max_digits=6, decimal_places=2, widget=forms.NumberInput(attrs={"class": "form-control", "step": "0.01"}),
                                                                error_messages={"invalid": "请填写数字"})


class AwardForm(StyledForm):
    awarded_on = forms.DateField(label="命名日期", widget=DateInput())
    single_item = forms.ChoiceField(label="单项(不选即命名为和谐企业)", required=False)

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["single_item"].choices = [("", "(和谐企业)")] + [(str(i.pk), i.name) for i in items]


class CsrForm(StyledForm):
    credit_code = forms.CharField(label="企业统一社会信用代码", max_length=20)
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100, initial=THIS_YEAR)
    score = forms.DecimalField(label="得分(0-100)", max_digits=5, decimal_places=2)
    evaluated_on = forms.DateField(label="评价日期", widget=DateInput())
    evaluated_by = forms.CharField(label="评价机构", max_length=80)
