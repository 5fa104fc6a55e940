"""The indicator catalogue and the page of one indicator (its value, base, breakdown, the
nodes below, and the records behind it)."""

import datetime

from django.contrib.auth.decorators import login_required
from django.db import models
from django.shortcuts import render

from gonghui.core import audit
from gonghui.core.export import xlsx_response
from gonghui.core.indicators import Period, Ratio
from gonghui.core.listing import Column, Listing
from gonghui.stats import figures, selectors
from gonghui.stats.views.common import page_scope, scope_context, stats_required

RECORD_COLUMNS_MAX = 10


@login_required
@stats_required
def catalogue(request):
    org, year = page_scope(request)
    rows = figures.figures(org, Period.year(year))
    if request.GET.get("export") == "xlsx":
        response, count = xlsx_response(f"{org.name}{year}年指标目录_{datetime.date.today():%Y%m%d}.xlsx", [(
            f"{year}年指标", ["指标编码", "指标", "单位", "口径", f"{year}年", f"{year - 1}年", "增减", "基数"],
            ([f.code, f.indicator.name, f.indicator.unit, f.indicator.definition, f.shown, f.previous_shown, f.change_shown,
              _base_words(f.value)] for f in rows),
        )])
        audit.record(actor=request.user, action=audit.Action.EXPORT, object_type="stats.indicator", summary=f"导出{org.name}{year}年指标目录 {count} 项", request=request)
        return response
    return render(request, "stats/catalogue.html", scope_context(request, org, year, title="指标目录", rows=rows))


def _base_words(value) -> str:
    if isinstance(value, Ratio):
        return f"{value.numerator} / {value.denominator}({value.base})"
    return ""


def _record_columns(model) -> list[Column]:
    """A generic table of the model behind a figure: its own fields, in declaration order."""
    columns = []
    for field in model._meta.concrete_fields:
        if field.primary_key or getattr(field, "editable", True) is False and not isinstance(field, models.ForeignKey):
            continue
        if field.name.endswith("_index") or field.name in {"created_at", "updated_at", "path"}:
            continue
        if isinstance(field, models.ForeignKey):
            columns.append(Column(field.name, str(field.verbose_name), value=lambda obj, n=field.name: getattr(obj, n)))
        elif field.choices:
            columns.append(Column(field.name, str(field.verbose_name), value=lambda obj, n=field.name: getattr(obj, f"get_{n}_display")()))
        else:
            columns.append(Column(field.name, str(field.verbose_name), sort=field.name))
        if len(columns) >= RECORD_COLUMNS_MAX:
            break
    return columns


@login_required
@stats_required
def indicator_detail(request, indicator_code):
    item = selectors.indicator_get(indicator_code)
    org, year = page_scope(request)
    period = Period.year(year)
    version = figures.data_version()
    value = figures.raw_value(item, org, period, version=version)
    previous = figures.raw_value(item, org, figures.previous_period(period), version=version)
    figure = figures.Figure(item, value, previous)
    breakdown = list(item.breakdown(org, period)) if item.breakdown else []
    nodes = figures.by_child(item, org, period, version=version)
    context = scope_context(request, org, year, title=f"{item.name}", item=item, figure=figure, breakdown=breakdown, nodes=nodes,
                            ratio=value if isinstance(value, Ratio) else None)
    if item.records is None:
        return render(request, "stats/indicator_detail.html", context)
    records = item.records(org, period)
    model = records.model
    fk_names = [f.name for f in model._meta.concrete_fields if isinstance(f, models.ForeignKey)][:4]
    listing = Listing(columns=_record_columns(model), default_sort="-pk", per_page=25, export_name=f"{item.name}_明细")
    return listing.respond(request, records.select_related(*fk_names), template="stats/indicator_detail.html",
                           title=f"{org.name}{year}年「{item.name}」明细", context={**context, "record_model": model._meta.verbose_name})
