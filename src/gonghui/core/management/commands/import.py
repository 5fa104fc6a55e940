"""gonghui import <spec> FILE --union CODE [--mode all|valid] [--user USERNAME]
gonghui import --resume JOB_ID

Runs the web page's passes in this process, with a progress line. With --mode all (the
default): validate (prints the counts and where the error workbook is), then import; a file
with any bad row writes nothing and the command exits 1. With --mode valid there is no preview
to wait for, so one pass reads, checks and writes (services.job_import_directly): the file is
read once, and the bad rows go to the error workbook.
"""

import sys
import time

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from gonghui.core.imports import engine, services, storage
from gonghui.core.imports.spec import all_specs, get_spec
from gonghui.core.models import ImportJob, ImportMode, ImportStatus


class Command(BaseCommand):
    help = "从 Excel/CSV 导入数据(与网页导入相同的校验与写入)"

    def add_arguments(self, parser):
        parser.add_argument("spec", nargs="?", help="导入类型，如 enterprises、members")
        parser.add_argument("file", nargs="?", help=".xlsx、.xls 或 .csv 文件")
        parser.add_argument("--union", help="导入到的组织编码(行只能落在其管辖范围内)")
        parser.add_argument("--mode", choices=ImportMode.values, default=ImportMode.ALL, help="all: 全部无误才导入(默认)；valid: 只导入无误的行")
        parser.add_argument("--user", help="以该账号的名义导入(检查其权限，审计记其名)；不填则记为“命令行”")
        parser.add_argument("--resume", type=int, metavar="JOB_ID", help="继续一个中断的导入任务")

    def handle(self, *args, **options):
        self.last_line = 0.0
        if options["resume"]:
            return self._resume(options["resume"])
        if not options["spec"] or not options["file"] or not options["union"]:
            names = "、".join(spec.name for spec in all_specs())
            raise CommandError(f"用法: gonghui import <导入类型> 文件 --union 组织编码 [--mode all|valid] [--user 账号]；导入类型: {names}")
        try:
            spec = get_spec(options["spec"])
        except KeyError:
            raise CommandError(f"没有导入类型「{options['spec']}」；可用: {'、'.join(s.name for s in all_specs())}") from None
        Org = ImportJob._meta.get_field("org").related_model
        org = Org.objects.filter(code=options["union"].strip()).first()
        if org is None:
            raise CommandError(f"组织编码「{options['union']}」不存在")
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).select_related("org").first()
            if user is None:
                raise CommandError(f"账号「{options['user']}」不存在")
        try:
            with open(options["file"], "rb") as handle:
                job = services.job_create(spec_name=spec.name, org=org, acting_user=user, chunks=iter(lambda: handle.read(1 << 20), b""), original_name=options["file"])
        except OSError as exc:
            raise CommandError(f"无法读取文件: {exc}") from None
        except PermissionDenied:
            raise CommandError(f"账号「{user.username}」无权向「{org.name}」导入") from None
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from None
        self.stdout.write(f"导入任务 #{job.pk}: {spec.title} ← {options['file']} → {org.name}({org.code})")
        started = time.monotonic()
        if options["mode"] == ImportMode.VALID:
            services.job_import_directly(job=job, acting_user=user, enqueue=False)
            return self._run(job, started)
        engine.validate_job(job.pk, progress=self._progress("校验"))
        job.refresh_from_db()
        self._end_line()
        if job.status != ImportStatus.VALIDATED:
            raise CommandError(job.message or job.get_status_display())
        self.stdout.write(f"校验完成: 数据 {job.total_rows:,} 行，无误 {job.valid_rows:,} 行，错误 {job.invalid_rows:,} 行")
        if job.has_error_file:
            self.stdout.write(f"错误清单: {storage.error_path(job)}")
        try:
            services.job_start(job=job, acting_user=user, mode=options["mode"], enqueue=False)
        except ValidationError as exc:
            self.stderr.write("；".join(exc.messages))
            sys.exit(1)
        self._run(job, started)

    def _resume(self, job_id):
        job = ImportJob.objects.filter(pk=job_id).first()
        if job is None:
            raise CommandError(f"导入任务 #{job_id} 不存在")
        if job.status == ImportStatus.VALIDATED:
            raise CommandError("该任务已校验，尚未开始导入：请在网页上选择导入方式，或重新运行 gonghui import")
        if not services.can_retry(job) and job.status not in {ImportStatus.QUEUED, ImportStatus.IMPORTING}:
            raise CommandError(f"该任务状态为「{job.get_status_display()}」，无需继续")
        if job.status == ImportStatus.IMPORTING:
            # The command line is told explicitly to take over: no need to wait for staleness.
            ImportJob.objects.filter(pk=job.pk, status=ImportStatus.IMPORTING).update(status=ImportStatus.QUEUED, run_token="")
        elif job.status != ImportStatus.QUEUED:
            services.job_retry(job=job, acting_user=None, enqueue=False)
        job.refresh_from_db()
        if job.status == ImportStatus.UPLOADED:
            engine.validate_job(job.pk, progress=self._progress("校验"))
            self._end_line()
            job.refresh_from_db()
            self.stdout.write(f"校验完成: 数据 {job.total_rows:,} 行，无误 {job.valid_rows:,} 行，错误 {job.invalid_rows:,} 行")
            return
        self.stdout.write(f"继续导入任务 #{job.pk}，从第 {job.last_committed_row + 1} 行起")
        self._run(job, time.monotonic())

    def _run(self, job, started):
        engine.import_job(job.pk, progress=self._progress("导入"))
        self._end_line()
        job.refresh_from_db()
        seconds = time.monotonic() - started
        if job.status != ImportStatus.DONE:
            self.stderr.write(job.message or job.get_status_display())
            if job.has_error_file:
                self.stderr.write(f"错误清单: {storage.error_path(job)}")
            sys.exit(1)
        rate = job.total_rows / seconds if seconds else 0
        self.stdout.write(f"{job.message}。用时 {seconds:.1f} 秒，{rate:,.0f} 行/秒")
        if job.has_error_file:
            self.stdout.write(f"错误清单: {storage.error_path(job)}")

    def _progress(self, label):
        def show(snapshot):
            percent = int(snapshot["fraction"] * 100)
            line = f"\r{label} {snapshot['processed']:>10,} 行 {percent:3d}% {snapshot['rate']:>8,} 行/秒"
            self.stdout.write(line, ending="")
            self.stdout.flush()
            self.last_line = time.monotonic()

        return show

    def _end_line(self):
        if self.last_line:
            self.stdout.write("")
            self.last_line = 0.0
