"""The list pattern every module reuses: search, filters, sort, pagination, and export of
the current list to Excel (audited). A view builds a Listing once and calls `respond`."""

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import render

from gonghui.core import audit
from gonghui.core.export import xlsx_response


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    value: Callable | None = None  # obj -> value; default follows the dotted key
    sort: str | None = None  # the ORM field to sort by, when sortable
    link: bool = False  # this column links to the row's page

    def get(self, obj):
        if self.value is not None:
            return self.value(obj)
        result = obj
        for part in self.key.split("."):
            result = getattr(result, part, None)
            if result is None:
                return None
        display = f"get_{self.key}_display"
        if "." not in self.key and hasattr(obj, display):
            return getattr(obj, display)()
        return result


@dataclass(frozen=True)
class Filter:
    name: str
    label: str
    choices: Sequence[tuple[str, str]]
    lookup: str  # ORM lookup the chosen value is given to

    def apply(self, queryset, raw: str):
        allowed = {str(value) for value, _ in self.choices}
        if raw in allowed:
            return queryset.filter(**{self.lookup: raw})
        return queryset


@dataclass
class Listing:
    columns: Sequence[Column]
    search_fields: Sequence[str] = ()
    search_hint: str = "搜索"
    searched_by_view: bool = False  # the view applies ?q= itself (e.g. through a blind index)
    filters: Sequence[Filter] = ()
    default_sort: str = "-id"
    per_page: int = 50
    row_url: Callable | None = None
    export_name: str = "列表"
    extra_export: Sequence[Column] = field(default_factory=tuple)

    def filtered(self, request, queryset):
        query = request.GET.get("q", "").strip()[:100]
        if query and self.search_fields:
            queryset = queryset.filter(reduce(or_, (Q(**{f"{f}__icontains": query}) for f in self.search_fields)))
        for flt in self.filters:
            queryset = flt.apply(queryset, request.GET.get(flt.name, ""))
        sort = request.GET.get("sort", "")
        sortable = {c.sort for c in self.columns if c.sort}
        if sort.lstrip("-") in sortable:
            queryset = queryset.order_by(sort, "pk")
        else:
            queryset = queryset.order_by(self.default_sort, "pk")
        return queryset

    def respond(self, request, queryset, *, template="core/list.html", title, context=None):
        queryset = self.filtered(request, queryset)
        if request.GET.get("export") == "xlsx":
            return self.export(request, queryset, title)
        page = Paginator(queryset, self.per_page).get_page(request.GET.get("page"))
        params = request.GET.copy()
        params.pop("page", None)
        rows = [
            {"url": self.row_url(obj) if self.row_url else None, "cells": [c.get(obj) for c in self.columns]}
            for obj in page.object_list
        ]
        ctx = {
            "show_search": bool(self.search_fields) or self.searched_by_view,
            "title": title,
            "listing": self,
            "page": page,
            "rows": rows,
            "query": request.GET.get("q", ""),
            "current_sort": request.GET.get("sort", ""),
            "params": params.urlencode(),
            "filter_values": {f.name: request.GET.get(f.name, "") for f in self.filters},
        }
        ctx.update(context or {})
        if request.headers.get("HX-Request") and request.headers.get("HX-Target") == "list-table":
            # A page extending core/list.html does not carry the parent's partial under its
            # own name: the table partial falls back to the one in core/list.html.
            return render(request, [f"{template}#table", "core/list.html#table"], ctx)
        return render(request, template, ctx)

    def export(self, request, queryset, title):
        columns = list(self.columns) + list(self.extra_export)
        rows = ([c.get(obj) for c in columns] for obj in queryset[: settings.EXPORT_MAX_ROWS].iterator(chunk_size=2000))
        filename = f"{self.export_name}_{datetime.date.today():%Y%m%d}.xlsx"
        response, count = xlsx_response(filename, [(title, [c.label for c in columns], rows)])
        audit.record(
            actor=request.user,
            action=audit.Action.EXPORT,
            object_type=queryset.model._meta.label_lower,
            summary=f"导出「{title}」{count} 行",
            changes={"query": request.GET.urlencode()},
            request=request,
        )
        return response
