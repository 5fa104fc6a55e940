"""The source report's figures, as test data: part one (the figures of 2012) and part three
(the targets of 2013), each with the sentence it comes from (../shared/seed/000_72bc5749db580dd1.txt).

`op` says how the report's wording is read: "eq", the figure exactly; "ge", at least the
figure ("余", "多", "以上"). A rate (unit "%") is compared on its percentage to one place.
Money is in yuan. Each code is an indicator declared by the app that owns the records.
"""

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Figure:
    code: str
    value: int | Decimal
    op: str  # "eq" or "ge"
    sentence: str


def _f(code, value, sentence, op="eq"):
    return Figure(code, Decimal(str(value)) if isinstance(value, float) else value, op, sentence)


FIGURES_2012 = [
    # (一) 劳动竞赛、蓝领人才、技能创新、劳模
    _f("campaigns.skills_events", 28, "成功举办历时3个多月的市第六届职工技能运动会,共设28个比武项目"),
    _f("campaigns.skills_units", 292, "有292个单位、2.7万名职工参加岗位练兵和选拔比赛"),
    _f("campaigns.skills_trainees", 27000, "有292个单位、2.7万名职工参加岗位练兵和选拔比赛"),
    _f("campaigns.skills_finalists", 2500, "2500余名职工参加决赛", "ge"),
    _f("campaigns.skills_technical_experts", 28, "共产生28名慈溪市技术能手和215名获奖选手"),
    _f("campaigns.skills_prize_winners", 215, "共产生28名慈溪市技术能手和215名获奖选手"),
    _f("campaigns.skills_senior_certificates", 30, "其中有30名选手获得人社局颁发的高级工资格证书"),
    _f("campaigns.inhouse_enterprises", 103, "在全市103个企业、1个行业协会开展了内部技术职称、技能等级评聘工作"),
    _f("campaigns.inhouse_associations", 1, "在全市103个企业、1个行业协会开展了内部技术职称、技能等级评聘工作"),
    _f("campaigns.inhouse_model_units", 4, "共评出市级企业内部技术职称评聘示范单位4个"),
    _f("campaigns.inhouse_advanced_units", 9, "市级企业内部技术职称评聘先进单位9个"),
    _f("campaigns.inhouse_technical", 3100, "共评聘了技术类职工3100多名", "ge"),
    _f("campaigns.inhouse_skilled", 16200, "技能类职工16200余名", "ge"),
    _f("campaigns.training_bases", 42, "累计建立职工技能培训示范基地42家"),
    _f("campaigns.small_innovations", 24, "共评选出市级“五小”创新成果24个"),
    _f("campaigns.qc_projects", 3160, "QC技术攻关3160项、创造经济效益6750余万元"),
    _f("campaigns.innovation_benefit", 67_500_000, "QC技术攻关3160项、创造经济效益6750余万元", "ge"),
    _f("honours.ningbo_chief_workers", 4, "有4位同志被表彰为宁波市首席工人"),
    _f("honours.provincial_outstanding_workers", 1, "兴瑞公司邹杰被评为浙江省第六届杰出职工并荣获“银锤奖”"),
    _f("honours.city_pioneer_teams", 60, "隆重表彰市级工人先锋号60个"),
    _f("honours.national_pioneer_teams", 1, "成功推荐全国工人先锋号1个"),
    _f("honours.ningbo_may_day_labour_awards", 2, "宁波市五一劳动奖2个"),
    _f("honours.ningbo_pioneer_teams", 9, "宁波市工人先锋号9个"),
    _f("honours.tech_week_first_prizes", 3, "积极参加浙江省暨宁波市第三届职工科技周活动,个人单项荣获一等奖3个"),
    _f("honours.tech_week_collective_honours", 6, "集体荣获宁波市职工技术创新优秀成果、宁波高技能人才创新工作室、浙江省先进操作法等荣誉6项"),
    _f("honours.city_model_workers", 30, "隆重表彰了励行根等30位市级劳模"),
    _f("honours.city_model_collectives", 10, "市人民检察院等10个市级模范集体"),
    _f("honours.national_may_day_medals", 1, "成功推荐龚学明同志为全国五一劳动奖章获得者"),
    _f("honours.ningbo_may_day_medals", 4, "黄云鹏、岑旭鹏、童松林、陈巧斐4位同志为宁波市五一劳动奖章获得者"),
    _f("honours.association_branches_new", 1, "成立劳模联谊会横河分会"),
    _f("honours.model_studios_new", 5, "授牌命名市级劳模创新工作室、劳模岗位先进操作法各5个"),
    _f("honours.model_methods_new", 5, "授牌命名市级劳模创新工作室、劳模岗位先进操作法各5个"),
    _f("honours.volunteer_teams_new", 2, "还成立了市劳模医疗服务队和市劳模为民志愿服务队"),
    # (二) 和谐企业、办实事、安全生产
    _f("harmony.town_awards", 150, "表彰镇级和谐企业150家"),
    _f("harmony.town_single_items", 339, "镇级单项339家"),
    _f("harmony.village_awards", 1264, "村级和谐企业1264家"),
    _f("harmony.village_single_items", 1394, "村级单项1394家"),
    _f("harmony.sme_creation_rate", Decimal("42.5"), "中小企业创建率达42.5%"),
    _f("assistance.warmth_raised", 6_500_000, "元旦春节期间,各级工会筹集资金和物资650多万元", "ge"),
    _f("assistance.warmth_visited", 7000, "走访慰问困难职工7000余名", "ge"),
    _f("assistance.archived_helped", 650, "向全市650名建档困难职工、困难劳模发放补助款共计63.5万元"),
    _f("assistance.archived_helped_amount", 635_000, "向全市650名建档困难职工、困难劳模发放补助款共计63.5万元"),
    _f("assistance.serious_illness_people", 34, "向34名特种重病职工发放救助金6.3万"),
    _f("assistance.serious_illness_amount", 63_000, "向34名特种重病职工发放救助金6.3万"),
    _f("assistance.tickets_awarded", 39, "赠送奖励39名优秀外来职工免费飞机票和火车票"),
    _f("assistance.tickets_booked", 300, "为300多名农民工订购火车票", "ge"),
    _f("assistance.tickets_enterprise_bought", 8000, "组织企业工会为8000多名农民工代买车票", "ge"),
    _f("assistance.summer_care", 700, "开展高温慰问和“金秋助学”活动,共慰问职工700名"),
    _f("assistance.education_children", 746, "为746名困难职工子女筹集助学金66.5万元"),
    _f("assistance.education_amount", 665_000, "为746名困难职工子女筹集助学金66.5万元"),
    _f("safety.inspectors_provincial", 1, "全市共有省级监督检查员1名、宁波市级5名、市级38名"),
    _f("safety.inspectors_ningbo", 5, "全市共有省级监督检查员1名、宁波市级5名、市级38名"),
    _f("safety.inspectors_city", 38, "全市共有省级监督检查员1名、宁波市级5名、市级38名"),
    _f("safety.ankang_national", 2, "成功推荐全国“安康杯”先进2家"),
    _f("safety.ankang_provincial", 1, "省级1家"),
    _f("safety.ankang_ningbo_winners", 6, "宁波市“安康杯”优胜企业6家"),
    _f("safety.ankang_ningbo_teams", 3, "先进班组3个"),
    _f("safety.ankang_ningbo_organisers", 1, "优秀组织单位1个"),
    _f("safety.ankang_ningbo_individuals", 2, "先进个人2个"),
    _f("safety.classified_enterprises", 401, "开展劳动保护分类管理企业达401家"),
    _f("women.psych_welfare_enterprises", 22, "在22家企业中开展“送职工精神福利”活动"),
    # (三) 组建、规范化、工资集体协商、民主管理
    _f("orgs.new_single_unions", 123, "全市新增企业单建工会123家"),
    _f("members.recruited", 11984, "发展会员11984人"),
    _f("bargaining.five_star_unions", 86, "评选表彰五星级规范化工会86家"),
    _f("bargaining.three_star_unions", 26, "三星级规范化工会26家"),
    _f("bargaining.two_displays_rate", Decimal("88"), "“双亮”活动,覆盖面达到88%"),
    _f("bargaining.contract_enterprises_single", 2535, "全市已有2535家单建工会企业、350家区域性行业性工会签订集体合同"),
    _f("bargaining.contract_joint_unions", 350, "全市已有2535家单建工会企业、350家区域性行业性工会签订集体合同"),
    _f("bargaining.wage_agreement_enterprises", 13978, "覆盖13978家企业签订工资集体协议"),
    _f("bargaining.workers_covered", 500_000, "惠及50余万职工", "ge"),
    _f("bargaining.establishment_rate", Decimal("95"), "建制率已达95%以上", "ge"),
    _f("bargaining.instructors", 1000, "目前全市指导员队伍已达1000余人", "ge"),
    _f("bargaining.instructors_certified", 600, "其中600余人获得宁波市工资集体协商指导员资格证书", "ge"),
    _f("bargaining.congress_rate_state", Decimal("100"), "全市国有及国有控股企业职代会、厂务公开建制率达到100%"),
    _f("bargaining.congress_new", 602, "新建职代会(厂务公开)制度的企业602家"),
    _f("bargaining.congress_rate_other", Decimal("97"), "建制率达97%"),
    _f("bargaining.regional_congresses", 32, "全市建区域性职代会32家"),
    # (四) 职工文化
    _f("campaigns.sports_sports", 8, "共设置了8个大项46个小项的竞技项目"),
    _f("campaigns.sports_events", 46, "共设置了8个大项46个小项的竞技项目"),
    _f("campaigns.sports_teams", 20, "有20支代表队、2500多名运动员参加比赛", ),
    _f("campaigns.sports_athletes", 2500, "有20支代表队、2500多名运动员参加比赛", "ge"),
    _f("campaigns.sports_gold_medals", 46, "共产生金牌46枚"),
    _f("campaigns.sports_host_awards", 8, "评出优秀承办单位奖和优秀组织单位奖各8个"),
    _f("campaigns.sports_organiser_awards", 8, "评出优秀承办单位奖和优秀组织单位奖各8个"),
    _f("culture.performances", 10, "共送文艺演出进企业10次"),
    _f("culture.films", 112, "送电影进企业112场"),
    _f("culture.books", 13000, "送书籍下基层13000余册", "ge"),
    _f("culture.audience", 200_000, "惠及职工20余万人", "ge"),
    _f("culture.art_troupes_new", 1, "挂牌成立市职工艺术团"),
    _f("culture.national_libraries", 1, "成功推荐全国“职工书屋”1家"),
    _f("culture.national_training_models", 1, "全国、省职工教育培训示范各1家"),
    _f("culture.provincial_training_models", 1, "全国、省职工教育培训示范各1家"),
    _f("culture.ningbo_centre_points", 3, "共有3家企业被授予宁波市职工中心示范点"),
    _f("culture.ningbo_libraries", 10, "10家企业被授予宁波市职工书屋"),
    _f("culture.ningbo_learning_models", 8, "8家企业被授予宁波市学习型示范单位"),
    _f("culture.ningbo_learning_enterprises", 10, "10家企业被授予宁波市学习型企业创建单位"),
    # (五) 双服务、职工服务中心、医疗互助、5.1服务卡
    _f("outreach.groups", 8, "市总工会分8组深入基层"),
    _f("outreach.enterprises", 81, "共走访企业81家"),
    _f("outreach.towns", 19, "镇(街道)19个"),
    _f("outreach.villages", 48, "村(社区)48个"),
    _f("outreach.teams", 115, "班组115个"),
    _f("outreach.workers_met", 293, "访问职工293人"),
    _f("outreach.meetings", 56, "召开座谈会56次"),
    _f("outreach.talks", 64, "组织形势政策宣讲64次"),
    _f("outreach.tech_help", 4, "开展中小微企业技术帮扶活动4次"),
    _f("outreach.materials", 8500, "发放资料8500多份", "ge"),
    _f("outreach.problems_solved", 23, "帮助基层解决问题23个"),
    _f("service.cases", 83, "2012年,中心共接待来访来电案件83起"),
    _f("service.workers_involved", 96, "涉及职工96人、金额10.6万元"),
    _f("service.amount_involved", 106_000, "涉及职工96人、金额10.6万元"),
    _f("orgs.registrations_new", 153, "办理新建工会法人登记153家"),
    _f("orgs.registrations_changed", 135, "变更135家"),
    _f("service.recuperation_groups", 227, "共发工会休养团队227个"),
    _f("service.recuperation_permits", 227, "领取许可证227张"),
    _f("service.recuperation_certificates", 713, "休养证713张"),
    _f("mutualaid.units", 187, "全市有187个单位、41268名职工参加了医疗互助保障"),
    _f("mutualaid.workers", 41268, "全市有187个单位、41268名职工参加了医疗互助保障"),
    _f("mutualaid.serious_disease_people", 25, "有25名患特种病的参保职工享受保障金21700元"),
    _f("mutualaid.serious_disease_amount", 21_700, "有25名患特种病的参保职工享受保障金21700元"),
    _f("mutualaid.hospital_people", 113, "113名住院参保职工享受医疗补助金136517元"),
    _f("mutualaid.hospital_amount", 136_517, "113名住院参保职工享受医疗补助金136517元"),
    _f("mutualaid.women_health_people", 1, "1名女职工享受安康互助保障金1万元"),
    _f("mutualaid.women_health_amount", 10_000, "1名女职工享受安康互助保障金1万元"),
    _f("service.lawyer_rules_reviewed", 38, "组织开展律师与工会结对志愿活动,共为38家企业完善劳动规章制度"),
    _f("service.lawyer_lectures", 46, "举办法律知识讲座、咨询46次"),
    _f("service.legal_aid", 18, "为职工提供法律援助18次"),
    _f("members.collected", 194_969, "完成采集会员信息194969人"),
    _f("cards.issued", 146_800, "发卡146800张"),
    _f("cards.partners", 36, "首批36个合作单位和158家连锁门店已加盟签约“5.1服务卡”平台"),
    _f("cards.stores", 158, "首批36个合作单位和158家连锁门店已加盟签约“5.1服务卡”平台"),
]

# Part three: the targets of 2013, for the city. `value` is the target; op "ge" throughout
# (a target is met at or above it).
TARGETS_2013 = [
    _f("campaigns.training_bases_new", 10, "力争新建10家市级职工技能培训竞赛基地", "ge"),
    _f("campaigns.trained_workers", 100_000, "全年培训职工10万人次", "ge"),
    _f("campaigns.skill_certificates", 10_000, "使万名职工获得技能等级证书", "ge"),
    _f("campaigns.inhouse_enterprises_new", 30, "新增30家内聘推广企业", "ge"),
    _f("harmony.sme_creation_rate", Decimal("50"), "进一步加大中小企业和谐创建工作力度,争取创建率达到50%", "ge"),
    _f("bargaining.industry_agreements_new", 12, "目标完成行业工资集体协商12家", "ge"),
    _f("bargaining.instructor_classes", 3, "继续开展工资协商指导员培训班3-4期", "ge"),
    _f("bargaining.instructors", 1500, "使我市工资协商指导员队伍突破1500人", "ge"),
    _f("service.stations", 19, "以19个镇(街道)职工服务站为支撑", "ge"),
    _f("service.points", 338, "以338个村(社区)和规模企业职工服务点为基础", "ge"),
    _f("assistance.enterprise_funds_new", 50, "目标新建企业职工互助基金50家", "ge"),
    _f("culture.performances", 100, "深化“百场演出进基层”", "ge"),
    _f("culture.films", 100, "“百场电影下企业”", "ge"),
    _f("culture.books", 10_000, "“万册图书送职工”活动", "ge"),
    _f("culture.learning_models_new", 10, "新培育市级学习型企业示范单位和学习型企业达标单位各10家", "ge"),
    _f("culture.learning_enterprises_new", 10, "新培育市级学习型企业示范单位和学习型企业达标单位各10家", "ge"),
]
