from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gonghui.core.backup import BackupFailed, restore_database


class Command(BaseCommand):
    help = "用 gonghui backup 生成的备份整体替换当前数据库(请先停止服务)；须配合备份时的数据密钥文件"

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="备份文件(.sqlite3 或 .pgdump)")
        parser.add_argument("--yes", action="store_true", help="确认用备份替换当前全部数据")

    def handle(self, *args, file, yes, **options):
        if not yes:
            raise CommandError("恢复将用备份替换当前全部数据。确认无误后加 --yes 再运行(请先停止服务)")
        try:
            restore_database(file)
        except BackupFailed as failed:
            raise CommandError(str(failed)) from None
        self.stdout.write(f"已从 {file} 恢复。请确认数据密钥文件与备份时一致，然后运行 gonghui audit verify 校验审计日志")
