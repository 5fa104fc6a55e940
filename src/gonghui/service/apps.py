from django.apps import AppConfig


class ServiceConfig(AppConfig):
    name = "gonghui.service"
    label = "service"
    verbose_name = "职工服务"
    nav = [
        ("职工服务", "service:case-list", "gonghui.service.permissions.reads_service"),
    ]
