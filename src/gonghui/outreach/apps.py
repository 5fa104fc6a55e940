from django.apps import AppConfig


class OutreachConfig(AppConfig):
    name = "gonghui.outreach"
    label = "outreach"
    verbose_name = "双服务"
    nav = []
