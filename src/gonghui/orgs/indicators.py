"""Figures of the organisation tree: unions by level and formation in a subtree."""

from gonghui.core import scope
from gonghui.core.indicators import indicator
from gonghui.orgs.models import Enterprise, Formation, LegalPersonRegistration, Level, Org, OrgStatus, RegistrationKind


def _unions(org, period, level):
    live = Org.objects.filter(level=level, status=OrgStatus.ACTIVE).exclude(established_on__gt=period.end)
    return scope.within(live, org.path, path_field="path")


def _enterprises(org, period, formation):
    return scope.within(Enterprise.objects.filter(formation=formation), org.path)


@indicator("orgs.unions_town", "镇(街道)总工会数", "个", "期末范围内存续的镇(街道)总工会个数(成立日期不晚于期末)。",
           records=lambda org, period: _unions(org, period, Level.TOWN))
def unions_town(org, period):
    return _unions(org, period, Level.TOWN).count()


@indicator("orgs.unions_joint", "村(社区)及区域性、行业性联合工会数", "个", "期末范围内存续的第三级工会个数：村、社区工会及区域性、行业性联合工会。",
           records=lambda org, period: _unions(org, period, Level.JOINT))
def unions_joint(org, period):
    return _unions(org, period, Level.JOINT).count()


@indicator("orgs.unions_primary", "基层工会数", "个", "期末范围内存续的基层(企业、事业单位、机关)工会个数。",
           records=lambda org, period: _unions(org, period, Level.PRIMARY))
def unions_primary(org, period):
    return _unions(org, period, Level.PRIMARY).count()


@indicator("orgs.enterprises_single", "单建工会企业数", "家", "范围内自己建立工会(单建)的企业数。",
           records=lambda org, period: _enterprises(org, period, Formation.SINGLE))
def enterprises_single(org, period):
    return _enterprises(org, period, Formation.SINGLE).count()


@indicator("orgs.enterprises_joint", "联建工会覆盖企业数", "家", "范围内由村(社区)、区域性或行业性联合工会覆盖(联建)的企业数。",
           records=lambda org, period: _enterprises(org, period, Formation.JOINT))
def enterprises_joint(org, period):
    return _enterprises(org, period, Formation.JOINT).count()


@indicator("orgs.enterprises_uncovered", "未建工会企业数", "家", "范围内既未单建也未被联合工会覆盖的企业数。",
           records=lambda org, period: _enterprises(org, period, Formation.NONE))
def enterprises_uncovered(org, period):
    return _enterprises(org, period, Formation.NONE).count()


def _new_single(org, period):
    primaries = Org.objects.filter(level=Level.PRIMARY, kind="enterprise", established_on__range=(period.start, period.end))
    return scope.within(primaries, org.path, path_field="path")


@indicator("orgs.new_single_unions", "新增企业单建工会数", "家", "成立日期在期内的企业基层工会(单建)个数。报告“新增企业单建工会123家”按此口径。",
           records=_new_single)
def new_single_unions(org, period):
    return _new_single(org, period).count()


def _registrations(org, period, kind):
    done = LegalPersonRegistration.objects.filter(kind=kind, registered_on__range=(period.start, period.end))
    return scope.within(done, org.path)


@indicator("orgs.registrations_new", "新办工会法人资格登记数", "家", "登记日期在期内、类型为新办的工会法人资格登记件数。报告“办理新建工会法人登记153家”按此口径。",
           records=lambda org, period: _registrations(org, period, RegistrationKind.NEW))
def registrations_new(org, period):
    return _registrations(org, period, RegistrationKind.NEW).count()


@indicator("orgs.registrations_changed", "变更工会法人资格登记数", "家", "登记日期在期内、类型为变更的工会法人资格登记件数。报告“变更135家”按此口径。",
           records=lambda org, period: _registrations(org, period, RegistrationKind.CHANGE))
def registrations_changed(org, period):
    return _registrations(org, period, RegistrationKind.CHANGE).count()
