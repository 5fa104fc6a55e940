from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "gonghui.members"
    label = "members"
    verbose_name = "会员"
    nav = [("会员", "members:member-list", "gonghui.core.roles.reads_business_data")]
