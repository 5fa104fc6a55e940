"""The django-import-export resource for the peer table, configured as its documentation
recommends for large imports: bulk mode (use_bulk, skip_diff, force_init_instance, batches of
5,000). It validates what our import validates per cell: the ID number's check digit and
date, the mobile, the coded columns by label, the union and the employer by code (looked
up in tables loaded once, not with a query per row)."""

import datetime

from django.core.exceptions import ValidationError
from import_export import fields, resources, widgets

from gonghui.core.cells import cell_text
from gonghui.core.validators import clean_id_number, clean_mobile, id_number_birth_date, id_number_sex
from gonghui.members.models import Education, Household
from gonghui.orgs.models import Enterprise, Org

from bench.peer.models import PeerMember


class IdNumberWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        return clean_id_number(cell_text(value))


class MobileWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        return clean_mobile(text) if text else ""


class LabelWidget(widgets.CharWidget):
    """A coded column typed as its Chinese label (as in the template's dropdown)."""

    def __init__(self, choices, **kwargs):
        self.lookup = {label: value for value, label in choices} | {value: value for value, _ in choices}
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if not text:
            return ""
        if text not in self.lookup:
            raise ValidationError(f"「{text}」不是可选的值")
        return self.lookup[text]


class PreloadedForeignKeyWidget(widgets.ForeignKeyWidget):
    """ForeignKeyWidget reads one row per cell (a query per row per key); for an import of
    this size one would load the small table once, as here, and so give the peer its best."""

    def __init__(self, model, field, **kwargs):
        super().__init__(model, field, **kwargs)
        self.by_key = None

    def clean(self, value, row=None, **kwargs):
        key = cell_text(value)
        if not key:
            return None
        if self.by_key is None:
            self.by_key = {getattr(obj, self.field): obj for obj in self.model.objects.all()}
        try:
            return self.by_key[key]
        except KeyError:
            raise ValueError(f"{self.model._meta.verbose_name}「{key}」不存在") from None


class PeerMemberResource(resources.ModelResource):
    name = fields.Field(attribute="name", column_name="姓名")
    id_number = fields.Field(attribute="id_number", column_name="身份证号", widget=IdNumberWidget())
    mobile = fields.Field(attribute="mobile", column_name="手机号", widget=MobileWidget())
    ethnicity = fields.Field(attribute="ethnicity", column_name="民族")
    education = fields.Field(attribute="education", column_name="文化程度", widget=LabelWidget(Education.choices))
    household = fields.Field(attribute="household", column_name="户籍类型", widget=LabelWidget(Household.choices))
    joined_on = fields.Field(attribute="joined_on", column_name="入会日期", widget=widgets.DateWidget())
    enterprise = fields.Field(attribute="enterprise", column_name="工作单位信用代码", widget=PreloadedForeignKeyWidget(Enterprise, "credit_code"))
    org = fields.Field(attribute="org", column_name="所在工会编码", widget=PreloadedForeignKeyWidget(Org, "code"))

    class Meta:
        model = PeerMember
        fields = ("name", "id_number", "mobile", "ethnicity", "education", "household", "joined_on", "enterprise", "org")
        import_id_fields = ("id_number",)
        use_bulk = True
        skip_diff = True
        force_init_instance = True
        batch_size = 5000

    def before_save_instance(self, instance, row, **kwargs):
        instance.birth_date = id_number_birth_date(instance.id_number)
        instance.sex = id_number_sex(instance.id_number)
        instance.ethnicity = instance.ethnicity or "汉族"
        instance.household = instance.household or "urban"
        instance.collected_on = datetime.date.today()
