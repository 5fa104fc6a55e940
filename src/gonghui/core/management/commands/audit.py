from django.core.management.base import BaseCommand, CommandError

from gonghui.core import audit


class Command(BaseCommand):
    help = "审计日志: verify 校验哈希链"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args, **options):
        problems = audit.verify()
        if problems:
            for line in problems:
                self.stderr.write(line)
            raise CommandError(f"审计日志校验失败: 发现 {len(problems)} 处问题")
        count = audit.AuditEntry.objects.count()
        self.stdout.write(f"审计日志完整: 共 {count} 条，哈希链校验通过")
