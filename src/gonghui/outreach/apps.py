from django.apps import AppConfig


class OutreachConfig(AppConfig):
    name = "gonghui.outreach"
    label = "outreach"
    verbose_name = "双服务"
    nav = [("双服务", "outreach:visit-list", "gonghui.core.roles.reads_business_data")]
