"""Part one of the annual work report, written in the report's manner: five sections by area,
each a lead and sentences whose figures are filled from indicators.

A sentence is a template; `{code}` is replaced by the indicator's value for the scope and
year, `{code:wan}` by the value in 万 (2.7万, 63.5万), and `{area}` by the scope's word for
itself (全市, 全镇(街道)...). A sentence naming an indicator that is not registered is left
out, whole: the report says nothing rather than a figure nobody computed. The order and the
wording follow the source report (shared/seed/000_72bc5749db580dd1.txt, part one).
"""

import re
from dataclasses import dataclass
from decimal import Decimal

from gonghui.core.indicators import Ratio

PLACEHOLDER = re.compile(r"\{([a-z_]+\.[a-z0-9_]+)(?::(wan))?\}")


@dataclass(frozen=True)
class Section:
    heading: str
    lead: str
    sentences: tuple[str, ...]


SECTIONS = (
    Section(
        "(一)围绕服务经济转型发展，工人阶级主力军作用进一步凸显。",
        "{area}各级工会团结动员广大职工当好经济转型发展主力军。",
        (
            "举办职工技能运动会，共设{campaigns.skills_events}个比武项目，有{campaigns.skills_units}个单位、{campaigns.skills_trainees:wan}名职工参加岗位练兵和选拔比赛，{campaigns.skills_finalists}名职工参加决赛，共产生{campaigns.skills_technical_experts}名技术能手和{campaigns.skills_prize_winners}名获奖选手，其中有{campaigns.skills_senior_certificates}名选手获得高级工资格证书。",
            "在{area}{campaigns.inhouse_enterprises}个企业、{campaigns.inhouse_associations}个行业协会开展了内部技术职称、技能等级评聘工作，共评出市级企业内部技术职称评聘示范单位{campaigns.inhouse_model_units}个、先进单位{campaigns.inhouse_advanced_units}个，共评聘了技术类职工{campaigns.inhouse_technical}名、技能类职工{campaigns.inhouse_skilled}名。",
            "累计建立职工技能培训示范基地{campaigns.training_bases}家。",
            "有{honours.ningbo_chief_workers}位同志被表彰为宁波市首席工人，{honours.provincial_outstanding_workers}人被评为浙江省杰出职工。",
            "共评选出市级“五小”创新成果{campaigns.small_innovations}个，QC技术攻关{campaigns.qc_projects}项、创造经济效益{campaigns.innovation_benefit:wan}元。",
            "表彰市级工人先锋号{honours.city_pioneer_teams}个，推荐全国工人先锋号{honours.national_pioneer_teams}个、宁波市五一劳动奖{honours.ningbo_may_day_labour_awards}个、宁波市工人先锋号{honours.ningbo_pioneer_teams}个。",
            "参加职工科技周活动，个人单项荣获一等奖{honours.tech_week_first_prizes}个，集体荣获荣誉{honours.tech_week_collective_honours}项。",
            "表彰了{honours.city_model_workers}位市级劳模、{honours.city_model_collectives}个市级模范集体，推荐全国五一劳动奖章获得者{honours.national_may_day_medals}名、宁波市五一劳动奖章获得者{honours.ningbo_may_day_medals}名。",
            "成立劳模联谊会分会{honours.association_branches_new}个，授牌命名市级劳模创新工作室{honours.model_studios_new}个、劳模岗位先进操作法{honours.model_methods_new}个，成立劳模服务队{honours.volunteer_teams_new}支。",
        ),
    ),
    Section(
        "(二)围绕构建和谐劳动关系，工会参与社会管理创新进一步深入。",
        "把构建和谐劳动关系作为加快推进社会管理体系的重要内容。",
        (
            "表彰镇级和谐企业{harmony.town_awards}家、镇级单项{harmony.town_single_items}家、村级和谐企业{harmony.village_awards}家、村级单项{harmony.village_single_items}家，中小企业创建率达{harmony.sme_creation_rate}。",
            "元旦春节期间，各级工会筹集资金和物资{assistance.warmth_raised:wan}元，走访慰问困难职工{assistance.warmth_visited}名。",
            "向{assistance.archived_helped}名建档困难职工、困难劳模发放补助款共计{assistance.archived_helped_amount:wan}元；向{assistance.serious_illness_people}名特种重病职工发放救助金{assistance.serious_illness_amount:wan}元。",
            "赠送奖励{assistance.tickets_awarded}名优秀外来职工免费飞机票和火车票，为{assistance.tickets_booked}名农民工订购火车票，组织企业工会为{assistance.tickets_enterprise_bought}名农民工代买车票。",
            "开展高温慰问和“金秋助学”活动，共慰问职工{assistance.summer_care}名，为{assistance.education_children}名困难职工子女筹集助学金{assistance.education_amount:wan}元。",
            "{area}共有省级劳动保护监督检查员{safety.inspectors_provincial}名、宁波市级{safety.inspectors_ningbo}名、市级{safety.inspectors_city}名。",
            "推荐全国“安康杯”先进{safety.ankang_national}家、省级{safety.ankang_provincial}家，宁波市“安康杯”优胜企业{safety.ankang_ningbo_winners}家、先进班组{safety.ankang_ningbo_teams}个、优秀组织单位{safety.ankang_ningbo_organisers}个、先进个人{safety.ankang_ningbo_individuals}个。",
            "开展劳动保护分类管理企业达{safety.classified_enterprises}家。",
            "在{women.psych_welfare_enterprises}家企业中开展“送职工精神福利”活动。",
        ),
    ),
    Section(
        "(三)围绕推进“三个普遍”工作，工会组织基层基础进一步夯实。",
        "切实抓好“三个普遍”已有成果的巩固、规范、提升工作。",
        (
            "{area}新增企业单建工会{orgs.new_single_unions}家，发展会员{members.recruited}人。",
            "评选表彰五星级规范化工会{bargaining.five_star_unions}家和三星级规范化工会{bargaining.three_star_unions}家；“双亮”活动覆盖面达到{bargaining.two_displays_rate}。",
            "{area}已有{bargaining.contract_enterprises_single}家单建工会企业、{bargaining.contract_joint_unions}家区域性行业性工会签订集体合同，覆盖{bargaining.wage_agreement_enterprises}家企业签订工资集体协议，惠及{bargaining.workers_covered:wan}职工，建制率达{bargaining.establishment_rate}。",
            "{area}工资集体协商指导员队伍达{bargaining.instructors}人，其中{bargaining.instructors_certified}人获得宁波市工资集体协商指导员资格证书。",
            "国有及国有控股企业职代会、厂务公开建制率达到{bargaining.congress_rate_state}；新建职代会(厂务公开)制度的企业{bargaining.congress_new}家，建制率达{bargaining.congress_rate_other}；建区域性职代会{bargaining.regional_congresses}家。",
        ),
    ),
    Section(
        "(四)围绕促进职工精神富有，企业文化职工文化建设进一步强化。",
        "扎实开展“职工文化建设年”活动。",
        (
            "举办职工运动会，共设置了{campaigns.sports_sports}个大项{campaigns.sports_events}个小项的竞技项目，有{campaigns.sports_teams}支代表队、{campaigns.sports_athletes}名运动员参加比赛，共产生金牌{campaigns.sports_gold_medals}枚，评出优秀承办单位奖{campaigns.sports_host_awards}个、优秀组织单位奖{campaigns.sports_organiser_awards}个。",
            "共送文艺演出进企业{culture.performances}次、送电影进企业{culture.films}场、送书籍下基层{culture.books}册，惠及职工{culture.audience:wan}人。",
            "挂牌成立职工艺术团{culture.art_troupes_new}个，推荐全国“职工书屋”{culture.national_libraries}家，全国职工教育培训示范{culture.national_training_models}家、省职工教育培训示范{culture.provincial_training_models}家。",
            "共有{culture.ningbo_centre_points}家企业被授予宁波市职工中心示范点、{culture.ningbo_libraries}家企业被授予宁波市职工书屋、{culture.ningbo_learning_models}家企业被授予宁波市学习型示范单位、{culture.ningbo_learning_enterprises}家企业被授予宁波市学习型企业创建单位。",
        ),
    ),
    Section(
        "(五)围绕转作风优服务主题，工会组织自身建设工作进一步加强。",
        "以科学发展、争创一流为目标，工会自身建设水平得到整体提升。",
        (
            "分{outreach.groups}组深入基层开展“双服务”活动，共走访企业{outreach.enterprises}家、镇(街道){outreach.towns}个、村(社区){outreach.villages}个、班组{outreach.teams}个，访问职工{outreach.workers_met}人，召开座谈会{outreach.meetings}次，组织形势政策宣讲{outreach.talks}次，开展中小微企业技术帮扶活动{outreach.tech_help}次，发放资料{outreach.materials}份，帮助基层解决问题{outreach.problems_solved}个。",
            "职工服务中心共接待来访来电案件{service.cases}起，涉及职工{service.workers_involved}人、金额{service.amount_involved:wan}元。",
            "办理新建工会法人登记{orgs.registrations_new}家，变更{orgs.registrations_changed}家。",
            "共发工会休养团队{service.recuperation_groups}个，领取许可证{service.recuperation_permits}张、休养证{service.recuperation_certificates}张。",
            "{area}有{mutualaid.units}个单位、{mutualaid.workers}名职工参加了医疗互助保障，有{mutualaid.serious_disease_people}名患特种病的参保职工享受保障金{mutualaid.serious_disease_amount}元，{mutualaid.hospital_people}名住院参保职工享受医疗补助金{mutualaid.hospital_amount}元，{mutualaid.women_health_people}名女职工享受安康互助保障金{mutualaid.women_health_amount:wan}元。",
            "组织开展律师与工会结对志愿活动，共为{service.lawyer_rules_reviewed}家企业完善劳动规章制度，举办法律知识讲座、咨询{service.lawyer_lectures}次，为职工提供法律援助{service.legal_aid}次。",
            "完成采集会员信息{members.collected}人、发卡{cards.issued}张，{cards.partners}个合作单位和{cards.stores}家连锁门店已加盟签约“5.1服务卡”平台。",
        ),
    ),
)


def codes_of(template: str) -> list[str]:
    return [match.group(1) for match in PLACEHOLDER.finditer(template)]


def all_codes() -> list[str]:
    return [code for section in SECTIONS for sentence in section.sentences for code in codes_of(sentence)]


def _plain(value: Decimal) -> str:
    text = f"{value.normalize():f}" if isinstance(value, Decimal) else str(value)
    return text


def write_value(value, style: str | None) -> str:
    """A figure as the report writes it: 11984; 42.5% (88% for a whole percentage); 63.5万."""
    if isinstance(value, Ratio):
        percent = value.percent
        return "—" if percent is None else f"{_plain(percent)}%"
    if style == "wan":
        return f"{_plain((Decimal(value) / 10000).quantize(Decimal('0.01')))}万"
    if isinstance(value, Decimal):
        return _plain(value.quantize(Decimal("0.01")) if value != value.to_integral() else value.to_integral())
    return str(value)


def area_word(org) -> str:
    return {1: "全市", 2: "全镇(街道)", 3: "本村(社区)"}.get(org.level, "本单位")


def fill(template: str, values: dict, org) -> str | None:
    """The sentence with its figures, or None when one of its indicators is not registered."""
    if any(code not in values for code in codes_of(template)):
        return None
    text = PLACEHOLDER.sub(lambda m: write_value(values[m.group(1)], m.group(2)), template)
    return text.replace("{area}", area_word(org))


def written_sections(values: dict, org) -> list[tuple[str, str, list[str]]]:
    """(heading, lead, sentences) of each section that has at least one sentence to say."""
    result = []
    for section in SECTIONS:
        sentences = [s for s in (fill(t, values, org) for t in section.sentences) if s]
        if sentences:
            result.append((section.heading, section.lead.replace("{area}", area_word(org)), sentences))
    return result
