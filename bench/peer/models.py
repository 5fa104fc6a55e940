"""The peer's table: the member registry's columns and indexes, held in plain text (no
sealing, no blind index): what a project with django-import-export would typically have."""

from django.db import models


class PeerMember(models.Model):
    name = models.CharField("姓名", max_length=40)
    id_number = models.CharField("身份证号", max_length=18, unique=True)
    birth_date = models.DateField("出生日期")
    sex = models.CharField("性别", max_length=1)
    mobile = models.CharField("手机号", max_length=11, blank=True, db_index=True)
    ethnicity = models.CharField("民族", max_length=10, default="汉族")
    education = models.CharField("文化程度", max_length=20, blank=True)
    household = models.CharField("户籍类型", max_length=10, default="urban")
    enterprise = models.ForeignKey("orgs.Enterprise", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+")
    joined_on = models.DateField("入会日期")
    status = models.CharField("会籍状态", max_length=20, default="active")
    collected_on = models.DateField("信息采集日期")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            models.Index(fields=["org", "status"]),
            models.Index(fields=["name"]),
            models.Index(fields=["joined_on"]),
        ]
