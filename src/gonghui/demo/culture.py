"""The demo city's workers' culture: the report's 2012 deliveries (10 performances, 112 film
screenings, 13,000 books, over 200,000 workers reached), the workers' libraries and learning
enterprises with the recognitions and assessments of 2012, the workers' art troupe founded
in 2012, and a few deliveries and assessments of early 2013 toward the 2013 targets (a
hundred performances, a hundred films, ten thousand books; ten new city model and ten new
city standard learning enterprises). At another scale every figure is the report's times the
scale, rounded."""

import datetime
import random

from django.db import transaction

from gonghui.accounts.models import User
from gonghui.core import audit
from gonghui.core.roles import Role
from gonghui.culture.models import (
    AssessmentLevel, BodyKind, CultureBody, CultureRecognition, Delivery, DeliveryKind, LearningAssessment, LearningEnterprise, RecognitionKind,
    RecognitionLevel, WorkersLibrary,
)
from gonghui.demo.names import person
from gonghui.demo.plan import spread
from gonghui.orgs.models import Enterprise, Formation, Level, Org

YEAR = 2012
# The report's figures of 2012 (第四部分 职工文化).
PERFORMANCES = 10  # 共送文艺演出进企业10次
FILMS = 112  # 送电影进企业112场
BOOKS = 13_000  # 送书籍下基层13000余册
AUDIENCE = 203_600  # 惠及职工20余万人
ART_TROUPES = 1  # 挂牌成立市职工艺术团
RECOGNITIONS = [  # (kind, level, count, awarded by)
    (RecognitionKind.WORKERS_LIBRARY, RecognitionLevel.NATIONAL, 1, "中华全国总工会"),
    (RecognitionKind.TRAINING_MODEL, RecognitionLevel.NATIONAL, 1, "中华全国总工会"),
    (RecognitionKind.TRAINING_MODEL, RecognitionLevel.PROVINCIAL, 1, "浙江省总工会"),
    (RecognitionKind.CENTRE_POINT, RecognitionLevel.NINGBO, 3, "宁波市总工会"),
    (RecognitionKind.WORKERS_LIBRARY, RecognitionLevel.NINGBO, 10, "宁波市总工会"),
]
NINGBO_LEARNING_MODELS = 8  # 8家企业被授予宁波市学习型示范单位
NINGBO_LEARNING_ENTERPRISES = 10  # 10家企业被授予宁波市学习型企业创建单位
# Not in the report: the city's stock of libraries and learning enterprises behind those honours.
LIBRARIES = 60
LEARNING_ENTERPRISES = 120
FILM_TRIPS, BOOK_TRIPS = 48, 30  # screenings and books go out several at a time
# Early 2013, toward the targets.
EARLY_2013 = {DeliveryKind.PERFORMANCE: (22, 22), DeliveryKind.FILM: (12, 26), DeliveryKind.BOOKS: (6, 2_600)}  # kind: (trips, quantity)
CITY_MODELS_2013, CITY_STANDARDS_2013 = 3, 4

SHOWS = ["“劳动者之歌”文艺专场", "“职工文化进企业”综艺晚会", "越剧折子戏专场", "“幸福慈溪”歌舞晚会", "外来职工才艺展演", "“唱响劳动”合唱专场"]
FILMS_SHOWN = ["《建党伟业》", "《钱学森》", "《秋之白华》", "《雷锋在1959》", "《守望者》", "《杨善洲》", "《郭明义》", "《横空出世》"]
BOOK_SETS = ["职工书屋赠书", "法律知识读本", "安全生产读本", "职业技能丛书", "文学名著", "健康生活丛书"]


def _day(rng, first, last):
    return first + datetime.timedelta(days=rng.randrange((last - first).days + 1))


def _scaled(figure, scale):
    return round(figure * scale)


def build(*, seed: int, scale: float) -> str:
    rng = random.Random(seed * 7717 + 6)
    clerk = User.objects.filter(role=Role.CLERK, org__level=Level.FEDERATION).order_by("pk").first() or User.objects.filter(role=Role.CLERK).order_by("pk").first()
    federation = Org.objects.filter(level=Level.FEDERATION).order_by("pk").first()
    enterprises = list(Enterprise.objects.filter(formation=Formation.SINGLE).order_by("pk").values_list("pk", "org_id"))
    if clerk is None or federation is None or not enterprises:
        return "职工文化：演示城市尚未生成，跳过"
    with transaction.atomic():
        deliveries = _deliveries(rng, clerk, enterprises, scale)
        libraries = _libraries(rng, clerk, enterprises, scale)
        recognitions = _recognitions(rng, clerk, enterprises, libraries, scale)
        assessments = _learning(rng, clerk, enterprises, scale)
        bodies = [CultureBody(name="慈溪市职工艺术团", kind=BodyKind.ART_TROUPE, org=federation, founded_on=datetime.date(YEAR, 4, 28), members_count=86,
                              leader=person(rng), recorded_by=clerk)][: _scaled(ART_TROUPES, scale)]
        bodies += [CultureBody(name="慈溪市工人文化宫", kind=BodyKind.PALACE, org=federation, founded_on=datetime.date(1986, 5, 1), members_count=24, leader=person(rng), recorded_by=clerk),
                   CultureBody(name="慈溪市职工俱乐部", kind=BodyKind.CLUB, org=federation, founded_on=datetime.date(2003, 9, 1), members_count=40, leader=person(rng), recorded_by=clerk)]
        CultureBody.objects.bulk_create(bodies)
        summary = (f"职工文化：送文化 {deliveries} 次、职工书屋 {len(libraries)} 家、文化阵地称号 {recognitions} 项、学习型企业评定 {assessments} 项、"
                   f"文化团体 {len(bodies)} 个")
        audit.record(actor=None, actor_name="system", action=audit.Action.IMPORT, object_type="demo.culture", object_id=seed, summary=summary,
                     changes={"seed": seed, "scale": scale})
    return summary


def _place(rng, enterprises):
    enterprise_id, org_id = enterprises[rng.randrange(len(enterprises))]
    return {"enterprise_id": enterprise_id, "org_id": org_id}


def _deliveries(rng, clerk, enterprises, scale) -> int:
    rows = []
    year_first, year_last = datetime.date(YEAR, 1, 1), datetime.date(YEAR, 12, 31)
    plan = [
        (DeliveryKind.PERFORMANCE, _scaled(PERFORMANCES, scale), _scaled(PERFORMANCES, scale), SHOWS),
        (DeliveryKind.FILM, min(_scaled(FILM_TRIPS, scale), _scaled(FILMS, scale)), _scaled(FILMS, scale), FILMS_SHOWN),
        (DeliveryKind.BOOKS, min(_scaled(BOOK_TRIPS, scale), _scaled(BOOKS, scale)), _scaled(BOOKS, scale), BOOK_SETS),
    ]
    for kind, trips, total, titles in plan:
        for n, quantity in enumerate(spread(total, [1.0] * trips, minimum=1) if trips else []):
            rows.append(Delivery(kind=kind, title=f"{titles[n % len(titles)]}", delivered_on=_day(rng, year_first, year_last), quantity=quantity,
                                 recorded_by=clerk, **_place(rng, enterprises)))
    # Performances draw whole workforces; a film a workshop; books their readers.
    weights = [{DeliveryKind.PERFORMANCE: 20.0, DeliveryKind.FILM: 1.5, DeliveryKind.BOOKS: 1.0}[d.kind] for d in rows]
    for delivery, audience in zip(rows, spread(_scaled(AUDIENCE, scale), weights) if rows else []):
        delivery.audience = audience
    for kind, (trips, total) in EARLY_2013.items():
        trips, total = _scaled(trips, scale), _scaled(total, scale)
        trips = min(trips, total)
        for quantity in spread(total, [1.0] * trips, minimum=1) if trips else []:
            titles = {DeliveryKind.PERFORMANCE: SHOWS, DeliveryKind.FILM: FILMS_SHOWN, DeliveryKind.BOOKS: BOOK_SETS}[kind]
            rows.append(Delivery(kind=kind, title=rng.choice(titles), delivered_on=_day(rng, datetime.date(YEAR + 1, 1, 5), datetime.date(YEAR + 1, 3, 25)),
                                 quantity=quantity, audience=quantity * rng.randint(80, 400) if kind != DeliveryKind.BOOKS else quantity // 3,
                                 recorded_by=clerk, **_place(rng, enterprises)))
    # Same place, day and title twice is refused by the service: keep the demo as clean.
    seen, unique = set(), []
    for d in rows:
        key = (d.kind, d.enterprise_id, d.delivered_on, d.title)
        while key in seen:
            d.delivered_on += datetime.timedelta(days=1) if d.delivered_on.month < 12 or d.delivered_on.day < 31 else -datetime.timedelta(days=1)
            key = (d.kind, d.enterprise_id, d.delivered_on, d.title)
        seen.add(key)
        unique.append(d)
    Delivery.objects.bulk_create(unique)
    return len(unique)


def _libraries(rng, clerk, enterprises, scale) -> list[WorkersLibrary]:
    count = max(_scaled(LIBRARIES, scale), _scaled(11, scale))
    chosen = rng.sample(enterprises, min(count, len(enterprises)))
    libraries = [WorkersLibrary(name="职工书屋", enterprise_id=e, org_id=o, opened_on=_day(rng, datetime.date(2008, 1, 1), datetime.date(YEAR, 9, 30)),
                                books_held=rng.randrange(800, 6000), area_m2=rng.randrange(30, 200), recorded_by=clerk) for e, o in chosen]
    WorkersLibrary.objects.bulk_create(libraries)
    return list(WorkersLibrary.objects.filter(enterprise_id__in=[e for e, _ in chosen]).order_by("pk"))


def _recognitions(rng, clerk, enterprises, libraries, scale) -> int:
    rows, libraries_left = [], list(libraries)
    rng.shuffle(libraries_left)
    for kind, level, count, body in RECOGNITIONS:
        for _ in range(_scaled(count, scale)):
            if kind == RecognitionKind.WORKERS_LIBRARY and libraries_left:
                library = libraries_left.pop()
                place = {"enterprise_id": library.enterprise_id, "org_id": library.org_id}
                library.level = level
            else:
                library, place = None, _place(rng, enterprises)
            rows.append(CultureRecognition(kind=kind, level=level, library=library, awarded_on=_day(rng, datetime.date(YEAR, 3, 1), datetime.date(YEAR, 12, 20)),
                                           awarded_by=body, recorded_by=clerk, **place))
    CultureRecognition.objects.bulk_create(rows)
    WorkersLibrary.objects.bulk_update([lib for lib in libraries if lib.level], ["level"])
    return len(rows)


def _learning(rng, clerk, enterprises, scale) -> int:
    """Learning enterprises since 2008; in 2012, 8 Ningbo model units and 10 Ningbo creation
    units (each a different enterprise); city model and standard units in 2011 and 2012; and
    in early 2013, first-time city model and standard units toward the ten of the target."""
    wanted = {
        ("ningbo_model", YEAR): _scaled(NINGBO_LEARNING_MODELS, scale), ("ningbo_creation", YEAR): _scaled(NINGBO_LEARNING_ENTERPRISES, scale),
        ("city_model", YEAR - 1): _scaled(6, scale), ("city_standard", YEAR - 1): _scaled(8, scale),
        ("city_model", YEAR + 1): _scaled(CITY_MODELS_2013, scale), ("city_standard", YEAR + 1): _scaled(CITY_STANDARDS_2013, scale),
    }
    count = max(_scaled(LEARNING_ENTERPRISES, scale), sum(wanted.values()))
    chosen = rng.sample(enterprises, min(count, len(enterprises)))
    LearningEnterprise.objects.bulk_create([
        LearningEnterprise(enterprise_id=e, org_id=o, started_on=_day(rng, datetime.date(2008, 1, 1), datetime.date(2011, 6, 30)),
                           plan="年度职工学习培训计划", recorded_by=clerk) for e, o in chosen
    ])
    learners = list(LearningEnterprise.objects.filter(enterprise_id__in=[e for e, _ in chosen]).order_by("pk"))
    rng.shuffle(learners)
    rows = []
    for (level, year), n in wanted.items():
        if year == YEAR + 1:
            first, last, body = datetime.date(YEAR + 1, 1, 10), datetime.date(YEAR + 1, 3, 20), "慈溪市总工会"
        else:
            first, last = datetime.date(year, 5, 1), datetime.date(year, 12, 20)
            body = "宁波市总工会" if level.startswith("ningbo") else "慈溪市总工会"
        for learner in learners[:n]:
            # Each level goes to enterprises that never had it: the 2013 ones are new.
            rows.append(LearningAssessment(learning_enterprise=learner, year=year if year <= YEAR else YEAR, level=AssessmentLevel(level),
                                           assessed_on=_day(rng, first, last), score=rng.randrange(800, 980) / 10, awarded_by=body, recorded_by=clerk))
        learners = learners[n:] + learners[:n]
    LearningAssessment.objects.bulk_create(rows)
    return len(rows)
