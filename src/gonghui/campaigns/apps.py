from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "gonghui.campaigns"
    label = "campaigns"
    verbose_name = "劳动竞赛与创新"
    nav = [("劳动竞赛与创新", "campaigns:contest-list", "gonghui.core.roles.reads_business_data")]
