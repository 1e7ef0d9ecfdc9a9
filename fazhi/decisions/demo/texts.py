"""Plain data for the demo catalogs: the kinds of 重大行政决策 a county government lists in a
year (modelled on published Zhejiang county catalogues), each with its usual host and the
procedures it usually requires."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    host: str  # a department code of fazhi/org/data/demo_county.py, or "TOWNSHIP"
    title: str  # "{county}" and "{year}" are filled in
    category: str
    basis: str
    expert: bool = False
    risk: bool = False
    hearing: bool = False


K = Kind
POLICY, PLAN, RESOURCES, PROJECT, OTHER = "policy", "plan", "resources", "project", "other"
# fmt: off
KINDS: tuple[Kind, ...] = (
    K("FGJ", "{county}国民经济和社会发展第十五个五年规划纲要", PLAN, "《浙江省发展规划条例》", True, True),
    K("FGJ", "{county}城区停车收费标准调整方案", POLICY, "《中华人民共和国价格法》第二十三条", True, True, True),
    K("FGJ", "{county}管道天然气价格联动机制", POLICY, "《中华人民共和国价格法》", True, True, True),
    K("FGJ", "{county}重大项目招引和落地扶持政策", POLICY, "《优化营商环境条例》", True),
    K("ZRZY", "{county}国土空间总体规划（{year}—2035年）", PLAN, "《中华人民共和国土地管理法》", True, True),
    K("ZRZY", "{county}城区控制性详细规划修编", PLAN, "《中华人民共和国城乡规划法》第二十六条", True, True),
    K("ZRZY", "{county}集体经营性建设用地入市实施办法", POLICY, "《中华人民共和国土地管理法》第六十三条", True, True),
    K("ZRZY", "{county}征收集体土地房屋补偿标准", POLICY, "《中华人民共和国土地管理法》第四十八条", True, True, True),
    K("ZJJ", "{county}老旧小区改造{year}年度实施计划", PROJECT, "《国务院办公厅关于全面推进城镇老旧小区改造工作的指导意见》", False, True),
    K("ZJJ", "{county}住房保障和公租房管理办法", POLICY, "《公共租赁住房管理办法》", True, True),
    K("ZJJ", "{county}城市更新专项规划", PLAN, "《中华人民共和国城乡规划法》", True, True),
    K("ZJJ", "{county}建筑垃圾处置收费标准", POLICY, "《城市建筑垃圾管理规定》", True, True, True),
    K("JTJ", "{county}城乡公交一体化改革方案", POLICY, "《城市公共交通条例》", True, True),
    K("JTJ", "{county}综合交通运输发展规划", PLAN, "《浙江省综合交通运输条例》", True),
    K("JTJ", "{county}出租汽车行业改革实施意见", POLICY, "《巡游出租汽车经营服务管理规定》", True, True, True),
    K("JTJ", "{county}城区道路交通组织优化方案", PROJECT, "《中华人民共和国道路交通安全法》", False, True),
    K("SLJ", "{county}水资源节约保护和利用规划", RESOURCES, "《中华人民共和国水法》", True),
    K("SLJ", "{county}农村供水县域统管实施方案", PROJECT, "《浙江省农村供水管理办法》", True, True),
    K("SLJ", "{county}河道采砂管理规划", RESOURCES, "《浙江省河道管理条例》", True, True),
    K("NYJ", "{county}高标准农田建设规划", RESOURCES, "《中华人民共和国农业法》", True),
    K("NYJ", "{county}农村宅基地管理办法", POLICY, "《中华人民共和国土地管理法》第六十二条", True, True, True),
    K("NYJ", "{county}耕地保护补偿激励办法", POLICY, "《中华人民共和国土地管理法》", True),
    K("NYJ", "{county}农业产业化扶持政策", POLICY, "《中华人民共和国农业法》"),
    K("JYJ", "{county}中小学校布局调整规划", PLAN, "《中华人民共和国教育法》", True, True, True),
    K("JYJ", "{county}义务教育阶段学校招生入学办法", POLICY, "《中华人民共和国义务教育法》第十二条", False, True),
    K("JYJ", "{county}学前教育发展提升行动计划", PLAN, "《中华人民共和国学前教育法》", True),
    K("WJJ", "{county}医疗卫生服务体系规划", PLAN, "《中华人民共和国基本医疗卫生与健康促进法》", True),
    K("WJJ", "{county}县域医共体建设实施方案", POLICY, "《中华人民共和国基本医疗卫生与健康促进法》", True, True),
    K("YBJ", "{county}城乡居民基本医疗保险实施办法", POLICY, "《中华人民共和国社会保险法》", True, True),
    K("MZJ", "{county}最低生活保障标准调整", POLICY, "《社会救助暂行办法》", False, True),
    K("MZJ", "{county}养老服务设施布局规划", PLAN, "《中华人民共和国老年人权益保障法》", True),
    K("MZJ", "{county}殡葬设施建设规划", PLAN, "《殡葬管理条例》", True, True, True),
    K("RSJ", "{county}就业创业扶持政策", POLICY, "《中华人民共和国就业促进法》"),
    K("RSJ", "{county}人才引进和培育若干政策", POLICY, "《浙江省人才发展条例》"),
    K("SHJ", "{county}生态环境分区管控方案", RESOURCES, "《中华人民共和国环境保护法》", True, True),
    K("SHJ", "{county}重污染天气应急预案修订", OTHER, "《中华人民共和国大气污染防治法》", True),
    K("ZFJ", "{county}城区生活垃圾分类管理办法", POLICY, "《浙江省生活垃圾管理条例》", False, True, True),
    K("ZFJ", "{county}户外广告设置规划", PLAN, "《浙江省城市市容和环境卫生管理条例》", True, True),
    K("SCJG", "{county}农贸市场布局规划", PLAN, "《浙江省农贸市场管理办法》", True, True),
    K("SCJG", "{county}食品小作坊集中加工区建设方案", PROJECT, "《中华人民共和国食品安全法》", True, True),
    K("WGLT", "{county}全域旅游发展规划", PLAN, "《中华人民共和国旅游法》", True),
    K("WGLT", "{county}历史文化街区保护规划", RESOURCES, "《历史文化名城名镇名村保护条例》", True, True, True),
    K("WGLT", "{county}全民健身设施补短板工程实施方案", PROJECT, "《全民健身条例》"),
    K("LYJ", "{county}森林资源保护发展规划", RESOURCES, "《中华人民共和国森林法》", True),
    K("LYJ", "{county}公益林补偿标准调整", POLICY, "《中华人民共和国森林法》", False, True),
    K("YJJ", "{county}安全生产专项整治三年行动方案", OTHER, "《中华人民共和国安全生产法》", True, True),
    K("JXJ", "{county}制造业高质量发展扶持政策", POLICY, "《中华人民共和国中小企业促进法》", True),
    K("JXJ", "{county}低效工业用地整治提升方案", RESOURCES, "《中华人民共和国土地管理法》", True, True),
    K("SWJ", "{county}县域商业体系建设实施方案", POLICY, "《优化营商环境条例》"),
    K("CZJ", "{county}政府投资项目管理办法", POLICY, "《政府投资条例》", True),
    K("CZJ", "{county}国有资本经营预算管理办法", POLICY, "《中华人民共和国预算法》", True),
    K("KJJ", "{county}科技创新券管理办法", POLICY, "《中华人民共和国科学技术进步法》"),
    K("DSJ", "{county}公共数据开放和安全管理办法", POLICY, "《浙江省公共数据条例》", True, True),
    K("GAJ", "{county}城区禁止燃放烟花爆竹区域调整", POLICY, "《烟花爆竹安全管理条例》", False, True, True),
    K("GAJ", "{county}电动自行车登记管理办法", POLICY, "《浙江省电动自行车管理条例》", False, True),
    K("TOWNSHIP", "{town}集镇有机更新实施方案", PROJECT, "《中华人民共和国城乡规划法》", True, True),
    K("TOWNSHIP", "{town}美丽乡村建设规划", PLAN, "《村庄和集镇规划建设管理条例》", True),
    K("TOWNSHIP", "{town}农村生活污水治理设施运维办法", POLICY, "《浙江省农村生活污水处理设施管理条例》"),
    K("TOWNSHIP", "{town}产业园区征地拆迁补偿方案", PROJECT, "《国有土地上房屋征收与补偿条例》", True, True, True),
)
# fmt: on

EXPERTS = (
    ("王立群", "行政法", "浙江示例大学法学院"),
    ("陈思远", "城乡规划", "示例市规划设计研究院"),
    ("李慧芳", "财政经济", "示例市委党校"),
    ("赵志明", "交通工程", "省交通规划设计院"),
    ("周建国", "环境工程", "示例市环境科学研究所"),
    ("孙晓梅", "社会学", "浙江示例大学公共管理学院"),
    ("钱海波", "律师", "示例律师事务所"),
    ("吴国强", "价格评估", "示例市价格认证中心"),
)
ASSESSORS = ("示例县社会稳定风险评估中心", "示例咨询评估有限公司", "示例市社会科学院")
EVALUATORS = ("示例市社会科学院", "示例公共政策评估研究院", "浙江示例大学公共管理学院")
