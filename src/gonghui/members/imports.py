"""Members imported from Excel through the core import engine: the union's member list.

Natural key: the ID number (by its blind index), so a re-imported file updates the same
people and creates no duplicates. A person active in a union outside the job's subtree is
an error naming that union, the person masked."""

import functools

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from gonghui.core import scope
from gonghui.core.cells import cell_text, parse_date
from gonghui.core.imports.spec import ImportColumn, ImportSpec, RowError, register
from gonghui.core.sealing import SealedValue, blind_index, blind_index_many, mask, seal_many
from gonghui.core.validators import clean_id_number, clean_mobile, id_number_birth_date, id_number_sex, normalise
from gonghui.members.models import ETHNICITIES, Education, Household, Member, MembershipPeriod, MemberStatus
from gonghui.orgs.models import Enterprise, Org, OrgStatus


# The fields COPY fills, in the order _create_by_copy writes them.
_MEMBER_COPY_FIELDS = ("id", "name", "id_number", "id_number_index", "birth_date", "sex", "mobile", "mobile_index", "ethnicity", "education",
                       "household", "enterprise", "org", "joined_on", "status", "status_changed_on", "collected_on", "created_at", "updated_at")
_PERIOD_COPY_FIELDS = ("member", "org", "started_on", "ended_on", "reason")

_ETHNICITIES = frozenset(ETHNICITIES)
# COPY's text format: these four would end a field or a row, or start an escape.
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


# A column holds a handful of distinct values (民族) or a few thousand (an employer's code)
# over up to a million rows: each distinct cell is parsed once. Errors are not cached; they
# are raised again each time.
@functools.lru_cache(maxsize=256)
def _ethnicity(value) -> str:
    text = cell_text(value) or "汉族"
    if not text.endswith("族") and text + "族" in _ETHNICITIES:
        text += "族"
    if text not in _ETHNICITIES:
        raise ValidationError(f"民族「{text}」不在56个民族名称中")
    return text


@functools.lru_cache(maxsize=65536)
def _credit_code(value) -> str:
    return normalise(cell_text(value))


def _mobile(value) -> str:
    text = value.strip() if value.__class__ is str else cell_text(value)
    return clean_mobile(text) if text else ""


def _id_number(value) -> str:
    return clean_id_number(value.strip() if value.__class__ is str else cell_text(value))


def _active_elsewhere(existing, number: str, state) -> str:
    """The error for a person already active in a union outside the subtree, else ""."""
    if existing is None:
        return ""
    pk, active, org_id = existing
    if not active or state["paths"].get(org_id, "").startswith(state["root"].path):
        return ""
    name, org_name = Member.objects.filter(pk=pk).values_list("name", "org__name").first() or ("", "")
    return f"{name}({mask(number, 'id_number')})已是「{org_name}」的在册会员，请办理转会"


@register
class MemberImportSpec(ImportSpec):
    name = "members"
    title = "会员"
    natural_key = "id_number"
    batch_size = 5000
    back_url = "members:member-list"
    keeps_checked_rows = True
    writes_in_parallel = True
    columns = [
        ImportColumn("name", "姓名", synonyms=("会员姓名", "职工姓名"), example="张三"),
        ImportColumn("id_number", "身份证号", synonyms=("身份证号码", "公民身份号码", "身份证", "证件号码"), parse=_id_number,
                     example="33028219850315002X", help="18位，末位可为X；出生日期和性别由此得出"),
        ImportColumn("mobile", "手机号", synonyms=("手机号码", "手机", "联系电话", "移动电话"), required=False,
                     parse=_mobile, example="13800000000"),
        ImportColumn("ethnicity", "民族", required=False, parse=_ethnicity, example="汉族"),
        ImportColumn("education", "文化程度", synonyms=("学历",), required=False, choices=tuple(Education.choices), example="高中/中专/技校"),
        ImportColumn("household", "户籍类型", synonyms=("户籍", "户口性质"), required=False, choices=tuple(Household.choices), example="农民工"),
        ImportColumn("joined_on", "入会日期", synonyms=("入会时间",), parse=parse_date, example="2012-05-01"),
        ImportColumn("enterprise_code", "工作单位信用代码", synonyms=("工作单位统一社会信用代码", "单位信用代码", "统一社会信用代码"), required=False,
                     parse=_credit_code, example="", help="所在工会下的企业；可不填"),
        ImportColumn("org_code", "所在工会编码", synonyms=("工会编码",), required=False, example="",
                     help="不填则为导入时选定的工会；须是其下属的村(社区)、联合工会或基层工会"),
    ]

    def prepare(self, job):
        root = job.org
        orgs = scope.within(Org.objects.filter(status=OrgStatus.ACTIVE, level__gte=3), root.path, path_field="path")
        state = {
            "orgs": {code: (pk, path) for pk, code, path in orgs.values_list("pk", "code", "path")},
            "enterprises": dict(scope.within(Enterprise.objects.all(), root.path).values_list("credit_code", "pk")),
            "root": root,
            "today": timezone.localdate(),
            # Every union's path, to tell whether a registered person's union is in the subtree.
            "paths": dict(Org.objects.values_list("pk", "path")),
            "copy": connection.vendor == "postgresql",
        }
        if state["copy"]:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [Member._meta.db_table, Member._meta.pk.column])
                state["member_ids"] = cursor.fetchone()[0]  # the sequence new members' ids are drawn from
        if root.level >= 3:
            state["orgs"].setdefault(root.code, (root.pk, root.path))
        state["org_ids"] = {pk for pk, _path in state["orgs"].values()}
        state["enterprise_ids"] = set(state["enterprises"].values())
        # Who is already registered anywhere, by blind index: one query, not one per row.
        # Three small values per person (a million people fit in ~250 MB); the names that an
        # error message needs are read when a row needs them.
        state["existing"] = {
            index: (pk, status == MemberStatus.ACTIVE, org_id)
            for index, pk, status, org_id in Member.objects.values_list("id_number_index", "pk", "status", "org_id").iterator(chunk_size=20000)
        }
        return state

    def validate_row(self, values: dict, state, seen: set) -> dict:
        errors = {}
        number = values["id_number"]
        index = blind_index(number, "id_number")
        root = state["root"]
        code = values.get("org_code") or root.code  # the engine hands over the cell's stripped text
        place = state["orgs"].get(code)
        if place is None:
            errors["org_code"] = f"工会编码 {code} 不存在、不在本次导入的范围内，或不是可登记会员的工会"
        enterprise_id = None
        enterprise_code = values.get("enterprise_code")
        if enterprise_code:
            enterprise_id = state["enterprises"].get(enterprise_code)
            if enterprise_id is None:
                errors["enterprise_code"] = "工作单位信用代码不存在或不在范围内"
        existing = state["existing"].get(index)
        elsewhere = _active_elsewhere(existing, number, state)
        if elsewhere:
            errors["id_number"] = elsewhere
        birth = id_number_birth_date(number)
        joined = values["joined_on"]
        if joined > state["today"]:
            errors["joined_on"] = "入会日期不能晚于今天"
        elif joined.year - birth.year < 16:
            errors["joined_on"] = "入会时未满16周岁"
        if errors:
            raise RowError(errors)
        present = state.get("present")
        if present is None or present != values.keys():
            # Every valid row of a file has the same columns: one set for all of them.
            present = state["present"] = frozenset(values)
        return {
            "index": index, "existing": existing, "name": values["name"], "id_number": number, "mobile": values.get("mobile") or "",
            "ethnicity": values.get("ethnicity") or "汉族", "education": values.get("education") or "",
            "household": values.get("household") or Household.URBAN, "joined_on": joined, "birth_date": birth, "sex": id_number_sex(number),
            "org_id": place[0], "enterprise_id": enterprise_id, "present": present,
        }

    def recheck_row(self, row: dict, state) -> dict:
        """Pass 2: the union or employer may have closed and the person may have been
        registered since pass 1; everything else about the row still holds."""
        errors = {}
        if row["org_id"] not in state["org_ids"]:
            errors["org_code"] = "所在工会已不在本次导入的范围内，或已不可登记会员"
        if row["enterprise_id"] is not None and row["enterprise_id"] not in state["enterprise_ids"]:
            errors["enterprise_code"] = "工作单位信用代码不存在或不在范围内"
        existing = state["existing"].get(row["index"])
        elsewhere = _active_elsewhere(existing, row["id_number"], state)
        if elsewhere:
            errors["id_number"] = elsewhere
        if errors:
            raise RowError(errors)
        row["existing"] = existing
        return row

    def write_batch(self, rows: list[dict], state, job) -> tuple[int, int]:
        creates, updates = [], []
        for row in rows:
            if row["existing"] is None:
                creates.append(row)
            else:
                fields = self._fields(row)
                member = Member(pk=row["existing"][0], **fields)
                member._present = row["present"]
                updates.append((row["existing"], member))
        # New people need no record of them in `state`: the engine refuses an ID number that
        # comes twice in one file, so no later row of this pass can meet them again.
        if creates:
            if connection.vendor == "postgresql":
                self._create_by_copy(creates, state, job)
            else:
                self._create_in_bulk(creates, state)
        if updates:
            self._update(updates)
        return len(creates), len(updates)

    @staticmethod
    def _fields(row) -> dict:
        return dict(
            name=row["name"], id_number=SealedValue(row["id_number"], "id_number"), mobile=SealedValue(row["mobile"], "mobile"),
            ethnicity=row["ethnicity"], education=row["education"], household=row["household"], joined_on=row["joined_on"],
            birth_date=row["birth_date"], sex=row["sex"], org_id=row["org_id"], enterprise_id=row["enterprise_id"],
        )

    def _create_in_bulk(self, rows, state):
        today = state["today"]
        created = Member.objects.bulk_create(
            [Member(collected_on=today, status=MemberStatus.ACTIVE, **self._fields(row)) for row in rows], batch_size=len(rows)
        )
        MembershipPeriod.objects.bulk_create(
            [MembershipPeriod(member_id=m.pk, org_id=m.org_id, started_on=m.joined_on, reason=MembershipPeriod.Reason.JOINED) for m in created]
        )

    def prepare_batch(self, rows: list[dict], state) -> list[dict]:
        """PostgreSQL: each new member's COPY lines, but for the id that write_batch draws
        (sealing and formatting are most of the Python work of a write, and need no
        database, so the engine runs this while the previous batch is being written)."""
        if not state["copy"]:
            return rows
        creates = [row for row in rows if row["existing"] is None]
        if not creates:
            return rows
        numbers = seal_many([row["id_number"] for row in creates], "id_number")
        mobiles = [row["mobile"] for row in creates]
        sealed_mobiles, mobile_indexes = seal_many(mobiles, "mobile"), blind_index_many(mobiles, "mobile")
        now = timezone.now().isoformat()
        tail = f"\t{MemberStatus.ACTIVE.value}\t\\N\t{state['today'].isoformat()}\t{now}\t{now}\n"
        joined_reason = MembershipPeriod.Reason.JOINED.value
        for row, number, mobile, mobile_index in zip(creates, numbers, sealed_mobiles, mobile_indexes):
            enterprise = row["enterprise_id"]
            joined = row["joined_on"].isoformat()
            row["copy_line"] = "\t".join((
                row["name"].translate(_COPY_ESCAPES), number, row["index"], row["birth_date"].isoformat(), row["sex"], mobile, mobile_index,
                row["ethnicity"], row["education"], row["household"], "\\N" if enterprise is None else str(enterprise), str(row["org_id"]), joined,
            )) + tail
            row["period_line"] = f"\t{row['org_id']}\t{joined}\t\\N\t{joined_reason}\n"
        return rows

    def _create_by_copy(self, rows, state, job):
        """PostgreSQL: the new members and their first periods by COPY, several times faster
        than INSERT. The values are what Member.save() would store (prepare_batch): sealed ID
        number and mobile, their blind indexes, both timestamps now. Ids are drawn from the
        table's sequence first, so each period knows its member without reading anything back."""
        if "copy_line" not in rows[0]:
            self.prepare_batch(rows, state)
        quote = connection.ops.quote_name
        member_table, period_table = quote(Member._meta.db_table), quote(MembershipPeriod._meta.db_table)
        member_columns = ", ".join(quote(Member._meta.get_field(name).column) for name in _MEMBER_COPY_FIELDS)
        period_columns = ", ".join(quote(MembershipPeriod._meta.get_field(name).column) for name in _PERIOD_COPY_FIELDS)
        with connection.cursor() as cursor:
            if job.mode == "valid" and connection.in_atomic_block:
                # Each batch of a valid-rows import is its own transaction; waiting for the
                # disk at each commit made the import pass ~25% slower (bench members_import).
                # Without the wait a crash of the database server can lose only the last
                # whole batches, together with the job's last_committed_row (same
                # transaction), so the job resumes before them; and the job's final status is
                # committed synchronously, which flushes every batch before it.
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
            # The sequence is named once (prepare): pg_get_serial_sequence would run for every id.
            cursor.execute("SELECT nextval(%s::regclass) FROM generate_series(1, %s)", [state["member_ids"], len(rows)])
            ids = [pk for (pk,) in cursor.fetchall()]
            raw = cursor.cursor  # psycopg's own cursor: COPY is not in the DB-API
            with raw.copy(f"COPY {member_table} ({member_columns}) FROM STDIN") as copy:
                copy.write("".join([f"{pk}\t{row['copy_line']}" for pk, row in zip(ids, rows)]).encode())
            with raw.copy(f"COPY {period_table} ({period_columns}) FROM STDIN") as copy:
                copy.write("".join([f"{pk}{row['period_line']}" for pk, row in zip(ids, rows)]).encode())

    def _update(self, updates):
        """Existing people: corrected in place; one who had left joins again; one in another
        union of the same subtree moves there, with the history kept.

        One parameterised UPDATE per person, sent together (executemany; pipelined by
        psycopg on PostgreSQL): bulk_update's CASE over a 5,000-row batch costs the database
        time that grows with the square of the batch (a 20,000-row re-import took two minutes)."""
        members = [m for _, m in updates]
        # Columns the file does not have keep what the registry holds.
        optional = {"mobile": "mobile", "ethnicity": "ethnicity", "education": "education", "household": "household", "enterprise_code": "enterprise"}
        present = frozenset().union(*(m._present for m in members))
        names = ["name", "id_number", "birth_date", "sex", "joined_on"] + [field for column, field in optional.items() if column in present]
        fields = [Member._meta.get_field(name) for name in names]
        if "mobile" in names:
            # A changed mobile is found by its new number: its blind index moves with it.
            fields.append(Member._meta.get_field("mobile_index"))
        fields.append(Member._meta.get_field("updated_at"))
        quote = connection.ops.quote_name
        sql = (
            f"UPDATE {quote(Member._meta.db_table)} SET {', '.join(f'{quote(f.column)} = %s' for f in fields)}"
            f" WHERE {quote(Member._meta.pk.column)} = %s"
        )
        with connection.cursor() as cursor:
            cursor.executemany(sql, [[f.get_db_prep_save(f.pre_save(m, False), connection) for f in fields] + [m.pk] for m in members])
        current = dict(Member.objects.filter(pk__in=[m.pk for m in members]).values_list("pk", "org_id"))
        inactive = {pk for (pk, active, _org_id), _ in updates if not active}
        moved = [m for m in members if current[m.pk] != m.org_id or m.pk in inactive]
        if not moved:
            return
        moved_ids = [m.pk for m in moved]
        MembershipPeriod.objects.filter(member_id__in=moved_ids, ended_on__isnull=True).update(ended_on=timezone.localdate())
        MembershipPeriod.objects.bulk_create([
            MembershipPeriod(member_id=m.pk, org_id=m.org_id, started_on=timezone.localdate() if m.pk not in inactive else m.joined_on,
                             reason=MembershipPeriod.Reason.REJOINED if m.pk in inactive else MembershipPeriod.Reason.TRANSFER)
            for m in moved
        ])
        Member.objects.filter(pk__in=moved_ids).update(status=MemberStatus.ACTIVE, status_changed_on=None)
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {quote(Member._meta.db_table)} SET {quote(Member._meta.get_field('org').column)} = %s WHERE {quote(Member._meta.pk.column)} = %s",
                [(m.org_id, m.pk) for m in moved],
            )
