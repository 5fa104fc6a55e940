from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "gonghui.orgs"
    label = "orgs"
    verbose_name = "组织"
    nav = [
        ("组织树", "orgs:tree", "gonghui.core.roles.reads_business_data"),
        ("企业", "orgs:enterprise-list", "gonghui.core.roles.reads_business_data"),
    ]
