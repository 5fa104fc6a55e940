from django.core.management.base import BaseCommand

from gonghui.core.imports.services import jobs_purge


class Command(BaseCommand):
    help = "删除超过保留期限的导入文件和错误清单(其中有完整的身份证号、手机号)；导入记录保留。建议每天运行"

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=30, help="保留天数(默认 30)")

    def handle(self, *args, days, verbosity, **options):
        count = jobs_purge(older_than_days=max(days, 0))
        if verbosity >= 1:
            self.stdout.write(f"已删除 {count} 个导入任务的上传文件和错误清单(保留 {days} 天内的)")
