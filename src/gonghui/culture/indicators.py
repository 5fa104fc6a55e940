"""Figures of workers' culture. Deliveries count by the date delivered and the place they
went to; recognitions and assessments by the day they were given; bodies by the day they
were founded. The report's wording: "送文艺演出进企业10次" counts deliveries of performances,
"送电影进企业112场" counts screenings, "送书籍13000余册" counts volumes, "惠及职工20余万人"
sums the audiences of all deliveries."""

from django.db.models import Count, Exists, OuterRef, Sum

from gonghui.core import scope
from gonghui.core.indicators import indicator
from gonghui.culture.models import (
    AssessmentLevel, BodyKind, CultureBody, CultureRecognition, Delivery, DeliveryKind, LearningAssessment, LearningEnterprise, RecognitionKind,
    RecognitionLevel, WorkersLibrary,
)


def _deliveries(org, period, kind=None):
    rows = Delivery.objects.filter(delivered_on__range=(period.start, period.end))
    if kind:
        rows = rows.filter(kind=kind)
    return scope.within(rows, org.path)


def _by_kind(org, period):
    return [(label, _deliveries(org, period, value).count()) for value, label in DeliveryKind.choices]


@indicator("culture.performances", "送文艺演出", "次", "期内送文艺演出进企业、基层的次数(每条送演出记录一次，不论场次)。报告“共送文艺演出进企业10次”按此口径。",
           records=lambda org, period: _deliveries(org, period, DeliveryKind.PERFORMANCE), breakdown=_by_kind)
def performances(org, period):
    return _deliveries(org, period, DeliveryKind.PERFORMANCE).count()


def _quantity(org, period, kind) -> int:
    return _deliveries(org, period, kind).aggregate(n=Sum("quantity"))["n"] or 0


@indicator("culture.films", "送电影", "场", "期内送电影进企业的放映场次之和。报告“送电影进企业112场”按此口径。",
           records=lambda org, period: _deliveries(org, period, DeliveryKind.FILM))
def films(org, period):
    return _quantity(org, period, DeliveryKind.FILM)


@indicator("culture.books", "送书籍", "册", "期内送书籍下基层的册数之和。报告“送书籍下基层13000余册”按此口径。",
           records=lambda org, period: _deliveries(org, period, DeliveryKind.BOOKS))
def books(org, period):
    return _quantity(org, period, DeliveryKind.BOOKS)


@indicator("culture.audience", "送文化惠及职工", "人次", "期内各次送演出、电影、书籍登记的受惠职工人次之和。报告“惠及职工20余万人”按此口径。",
           records=lambda org, period: _deliveries(org, period),
           breakdown=lambda org, period: [(label, _deliveries(org, period, value).aggregate(n=Sum("audience"))["n"] or 0) for value, label in DeliveryKind.choices])
def audience(org, period):
    return _deliveries(org, period).aggregate(n=Sum("audience"))["n"] or 0


def _bodies_founded(org, period, kind=BodyKind.ART_TROUPE):
    return scope.within(CultureBody.objects.filter(kind=kind, founded_on__range=(period.start, period.end)), org.path)


@indicator("culture.art_troupes_new", "新成立职工艺术团", "个", "期内成立(挂牌)的职工艺术团个数。报告“挂牌成立市职工艺术团”按此口径。",
           records=_bodies_founded)
def art_troupes_new(org, period):
    return _bodies_founded(org, period).count()


def _recognitions(kind, level):
    def rows(org, period):
        return scope.within(CultureRecognition.objects.filter(kind=kind, level=level, awarded_on__range=(period.start, period.end)), org.path)

    return rows


def _declare_recognition(code, name, kind, level, sentence):
    rows = _recognitions(kind, level)

    def compute(org, period):
        return rows(org, period).count()

    compute.__qualname__ = f"recognition_{code}"
    indicator(f"culture.{code}", name, "家", f"期内获授{RecognitionLevel(level).label}“{RecognitionKind(kind).label}”称号的单位数。{sentence}",
              records=rows)(compute)
    return compute


national_libraries = _declare_recognition("national_libraries", "全国职工书屋", RecognitionKind.WORKERS_LIBRARY, RecognitionLevel.NATIONAL,
                                          "报告“成功推荐全国“职工书屋”1家”按此口径。")
ningbo_libraries = _declare_recognition("ningbo_libraries", "宁波市职工书屋", RecognitionKind.WORKERS_LIBRARY, RecognitionLevel.NINGBO,
                                        "报告“10家企业被授予宁波市职工书屋”按此口径。")
national_training_models = _declare_recognition("national_training_models", "全国职工教育培训示范单位", RecognitionKind.TRAINING_MODEL,
                                                RecognitionLevel.NATIONAL, "报告“全国、省职工教育培训示范各1家”按此口径。")
provincial_training_models = _declare_recognition("provincial_training_models", "省职工教育培训示范单位", RecognitionKind.TRAINING_MODEL,
                                                  RecognitionLevel.PROVINCIAL, "报告“全国、省职工教育培训示范各1家”按此口径。")
ningbo_centre_points = _declare_recognition("ningbo_centre_points", "宁波市职工中心示范点", RecognitionKind.CENTRE_POINT, RecognitionLevel.NINGBO,
                                            "报告“共有3家企业被授予宁波市职工中心示范点”按此口径。")


def _assessed(org, period, level, *, first_time=False):
    rows = LearningAssessment.objects.filter(level=level, assessed_on__range=(period.start, period.end))
    if first_time:
        earlier = LearningAssessment.objects.filter(learning_enterprise=OuterRef("learning_enterprise"), level=level, assessed_on__lt=period.start)
        rows = rows.filter(~Exists(earlier))
    return scope.within(rows, org.path, path_field="learning_enterprise__org__path")


def _distinct_enterprises(rows) -> int:
    return rows.values("learning_enterprise").distinct().count()


@indicator("culture.ningbo_learning_models", "宁波市学习型示范单位", "家", "期内被评为宁波市学习型示范单位的企业数(按评定日期)。报告“8家企业被授予宁波市学习型示范单位”按此口径。",
           records=lambda org, period: _assessed(org, period, AssessmentLevel.NINGBO_MODEL))
def ningbo_learning_models(org, period):
    return _distinct_enterprises(_assessed(org, period, AssessmentLevel.NINGBO_MODEL))


@indicator("culture.ningbo_learning_enterprises", "宁波市学习型企业创建单位", "家",
           "期内被评为宁波市学习型企业创建单位的企业数(按评定日期)。报告“10家企业被授予宁波市学习型企业创建单位”按此口径。",
           records=lambda org, period: _assessed(org, period, AssessmentLevel.NINGBO_CREATION))
def ningbo_learning_enterprises(org, period):
    return _distinct_enterprises(_assessed(org, period, AssessmentLevel.NINGBO_CREATION))


@indicator("culture.learning_models_new", "新培育市级学习型企业示范单位", "家",
           "期内首次被评为市级学习型企业示范单位的企业数(此前未获该级别)。2013年目标“新培育市级学习型企业示范单位…10家”按此口径。",
           records=lambda org, period: _assessed(org, period, AssessmentLevel.CITY_MODEL, first_time=True))
def learning_models_new(org, period):
    return _distinct_enterprises(_assessed(org, period, AssessmentLevel.CITY_MODEL, first_time=True))


@indicator("culture.learning_enterprises_new", "新培育市级学习型企业达标单位", "家",
           "期内首次被评为市级学习型企业达标单位的企业数(此前未获该级别)。2013年目标“…学习型企业达标单位各10家”按此口径。",
           records=lambda org, period: _assessed(org, period, AssessmentLevel.CITY_STANDARD, first_time=True))
def learning_enterprises_new(org, period):
    return _distinct_enterprises(_assessed(org, period, AssessmentLevel.CITY_STANDARD, first_time=True))


def _libraries_open(org, period):
    return scope.within(WorkersLibrary.objects.filter(opened_on__lte=period.end), org.path)


def _library_levels(org, period):
    counts = dict(_libraries_open(org, period).order_by().values_list("level").annotate(n=Count("id")))
    return [("未认定", counts.get("", 0))] + [(label, counts.get(value, 0)) for value, label in RecognitionLevel.choices]


@indicator("culture.libraries", "职工书屋", "家", "期末已建成的职工书屋数，按认定级别分列。", records=_libraries_open, breakdown=_library_levels)
def libraries(org, period):
    return _libraries_open(org, period).count()


def _learning_at(org, period):
    return scope.within(LearningEnterprise.objects.filter(started_on__lte=period.end), org.path)


@indicator("culture.learning_enterprises", "创建学习型企业", "家", "期末已开始创建学习型企业的企业数。", records=_learning_at)
def learning_enterprises(org, period):
    return _learning_at(org, period).count()
