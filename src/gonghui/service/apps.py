from django.apps import AppConfig


class ServiceConfig(AppConfig):
    name = "gonghui.service"
    label = "service"
    verbose_name = "职工服务"
    nav = []
