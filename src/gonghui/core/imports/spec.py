"""What an app declares to import a kind of record: its columns and three hooks.

See the package docstring (gonghui.core.imports) for the whole contract.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.module_loading import autodiscover_modules

from gonghui.core.roles import writes_business_data
from gonghui.core.scope import covers


@dataclass(frozen=True)
class ImportColumn:
    key: str
    header: str
    synonyms: tuple[str, ...] = ()
    required: bool = True
    choices: tuple[tuple[str, str], ...] = ()  # (value, Chinese label): template dropdown; a cell may hold value or label
    example: str = ""
    help: str = ""
    parse: Callable[[Any], Any] | None = None  # raises django ValidationError with a Chinese message; default: stripped text


class RowError(Exception):
    """A row that cannot be imported: {column key: Chinese message}. A message about the row
    as a whole may use any key that is not a column (e.g. "__all__")."""

    def __init__(self, errors):
        if isinstance(errors, str):
            errors = {"__all__": errors}
        self.errors: dict[str, str] = dict(errors)
        super().__init__("; ".join(f"{k}: {v}" for k, v in self.errors.items()))


class ImportSpec:
    """Subclass per kind of record and decorate with @register."""

    name: str = ""  # the URL and CLI name: "enterprises", "members"
    title: str = ""  # Chinese: "企业"
    columns: list[ImportColumn] = []
    natural_key: str = ""  # the column key that identifies a record, for idempotent re-import
    batch_size: int = 5000
    back_url: str = ""  # URL name of the list page the import belongs to (for the "返回" link)
    # True when recheck_row is written: pass 1 then keeps its checked rows (core.imports.spool)
    # and pass 2 checks them again only against the database, without reading the file.
    keeps_checked_rows: bool = False
    # True when write_batch neither changes `state` nor needs an earlier batch committed: in
    # valid-rows mode on PostgreSQL the engine then writes two batches at once (committed in
    # file order).
    writes_in_parallel: bool = False

    def prepare(self, job) -> object:
        """Load, once, the lookups (dicts) that validating and writing need; the result is the
        `state` handed to the other two hooks. `job.org` is the node imported into,
        `job.created_by` the account (None from the command line without --user)."""
        return {}

    def validate_row(self, values: dict, state, seen: set) -> dict:
        """Check one row whose columns have all parsed; raise RowError({key: message}) or
        return the cleaned row that write_batch receives. Record in `state` whatever later
        rows must see (a union now taken, a code now used): rows are validated in file order
        before any of them is written."""
        return values

    def recheck_row(self, row: dict, state) -> dict:
        """Pass 2, for a spec that keeps_checked_rows: `row` is what validate_row returned in
        pass 1 and `state` a fresh prepare(). Check again whatever the database may have
        changed since (a person registered elsewhere, a union closed); raise RowError or
        return the row that write_batch receives."""
        return row

    def prepare_batch(self, rows: list[dict], state) -> list[dict]:
        """Work on a batch of checked rows that needs no database (sealing, formatting for
        COPY): the engine runs it in a helper thread while the previous batch is written, so
        it must not query, nor change `state`. Returns the rows for write_batch."""
        return rows

    def write_batch(self, rows: list[dict], state, job) -> tuple[int, int]:
        """Write cleaned rows in bulk, inside the engine's transaction; return (created, updated)."""
        raise NotImplementedError

    def can_import(self, user, org) -> bool:
        """Whether `user` may import into the subtree at `org` (override to narrow)."""
        return writes_business_data(user) and covers(user, org.path)

    # Derived, for the engine --------------------------------------------------------------

    def column(self, key: str) -> ImportColumn | None:
        return next((c for c in self.columns if c.key == key), None)


_REGISTRY: dict[str, type[ImportSpec]] = {}
_discovered = False


def register(spec_cls):
    if not spec_cls.name or not spec_cls.natural_key:
        raise ValueError(f"{spec_cls.__name__} needs a name and a natural_key")
    if spec_cls.natural_key not in {c.key for c in spec_cls.columns}:
        raise ValueError(f"{spec_cls.__name__}.natural_key {spec_cls.natural_key!r} is not a column")
    _REGISTRY[spec_cls.name] = spec_cls
    return spec_cls


def _discover():
    # Each app declares its specs in <app>/imports.py; importing them fills the registry.
    global _discovered
    if not _discovered:
        autodiscover_modules("imports")
        _discovered = True


def get_spec(name: str) -> ImportSpec:
    """The registered spec called `name`; KeyError when there is none."""
    _discover()
    return _REGISTRY[name]()


def all_specs() -> list[ImportSpec]:
    _discover()
    return [cls() for cls in _REGISTRY.values()]
