"""The petition demo's texts: the units, topics and screened words, and what residents write and what
departments answer — data, not interface strings, so none of it is translated."""

TOWN = ("格里坪镇", "geliping")
STREETS = [
    ("清香坪街道", "qingxiangping"),
    ("玉泉街道", "yuquan"),
    ("河门口街道", "hemenkou"),
    ("苏铁街道", "sutie"),
    ("陶家渡街道", "taojiadu"),
]
BUREAUS = [
    ("西区住房和城乡建设局", "住建局", "zhujian"),
    ("西区城市管理综合执法局", "城管局", "chengguan"),
    ("西区交通运输局", "交通局", "jiaotong"),
    ("西区教育和体育局", "教体局", "jiaoyu"),
    ("西区卫生健康局", "卫健局", "weijian"),
    ("攀枝花市西区生态环境分局", "生态环境分局", "huanbao"),
    ("西区市场监督管理局", "市场监管局", "shichang"),
    ("西区人力资源和社会保障局", "人社局", "renshe"),
    ("西区民政局", "民政局", "minzheng"),
    ("攀枝花市公安局西区分局", "公安分局", "gongan"),
    ("西区水务局", "水务局", "shuiwu"),
    ("西区自然资源局", "自然资源局", "ziran"),
]
# 企事业单位 handling consumer complaints (3·15) like departments, ranked on their own in the weekly report
ENTERPRISES = [
    ("攀枝花市西区自来水有限公司", "自来水公司", "zilaishui"),
    ("国网攀枝花西区供电中心", "供电公司", "gongdian"),
    ("西区燃气有限公司", "燃气公司", "ranqi"),
]
TOPICS = [
    ("城建", "urban", 10, "道路、小区改造、违章建筑"),
    ("市政设施", "municipal", 5, "路灯、井盖、排水、公厕"),
    ("环境卫生", "sanitation", 5, "垃圾清运、环境脏乱"),
    ("交通", "traffic", 10, "公交、停车、道路拥堵"),
    ("环保", "environment", 10, "噪音、油烟、污染"),
    ("教育", "education", 10, "入学、学校周边"),
    ("医疗卫生", "health", 10, "医院、社区卫生服务"),
    ("物业", "property", 7, "物业服务、维修基金"),
    ("供水供暖", "utilities", 5, "停水、水压、供暖"),
    ("市场监管", "market", 7, "食品安全、价格、占道经营"),
    ("社会保障", "social", 10, "社保、就业、欠薪、养老"),
    ("治安", "security", 5, "治安、消防隐患"),
]
# 主管单位: the unit a topic's petitions usually go to (dispatch preselects it); 城建 and 物业 have none,
# so dispatch suggests the unit on duty for them.
TOPIC_OWNERS = {
    "municipal": "chengguan",
    "sanitation": "chengguan",
    "traffic": "jiaotong",
    "environment": "huanbao",
    "education": "jiaoyu",
    "health": "weijian",
    "utilities": "shuiwu",
    "market": "shichang",
    "social": "renshe",
    "security": "gongan",
}
#: how many days before and after today the demo's duty roster (值班表) covers
DUTY_DAYS_BEFORE, DUTY_DAYS_AFTER = 14, 45
WORDS = [
    ("傻逼", "refuse", "含有辱骂性语言"),
    ("王八蛋", "refuse", "含有辱骂性语言"),
    ("去死", "refuse", "含有辱骂、威胁性语言"),
    ("法轮功", "refuse", "含有违法内容"),
    ("代开发票", "refuse", "疑似广告或违法信息"),
    ("上访", "hold", ""),
    ("集体维权", "hold", ""),
    ("拉横幅", "hold", ""),
    ("跳楼", "hold", ""),
    ("曝光", "hold", ""),
]
PLACES = [
    "清香坪中街",
    "攀枝花大道西段",
    "苏铁中路",
    "玉泉路",
    "河门口菜市场",
    "陶家渡大桥",
    "格里坪镇政府旁",
    "巴关河小区",
    "西区人民医院门口",
    "清香坪农贸市场",
    "新街社区",
    "矿务局宿舍",
]
# (topic, department, kind, title, content, reply); {place} is filled in.
STORIES = [
    (
        "sanitation",
        "chengguan",
        "complaint",
        "{place}垃圾好几天没人清运",
        "{place}旁边的垃圾桶已经满出来三四天了，天气热味道很大，苍蝇到处飞，麻烦环卫尽快来清运一下。",
        "已安排环卫作业队当天清运，并将该点位清运频次调整为每日两次。",
    ),
    (
        "municipal",
        "chengguan",
        "help",
        "{place}路灯不亮快一个月了",
        "{place}这一段有五六盏路灯晚上都不亮，老人小孩晚上出门看不清路，前几天还有人摔倒了，希望尽快修好。",
        "经现场核查为线路老化，已更换电缆和灯具，路灯已恢复照明。",
    ),
    (
        "utilities",
        "zhujian",
        "complaint",
        "{place}小区供暖不热",
        "我家在{place}小区，今年供暖以来室内温度一直只有十五六度，暖气片摸着是温的，家里有老人，请供热单位来检查一下。",
        "供热公司已上门检查，排除管道气堵并调整了单元阀门，室温已达到20度。",
    ),
    (
        "market",
        "shichang",
        "complaint",
        "{place}占道经营严重",
        "{place}早上六点到九点很多流动摊贩占道卖菜，车和行人都过不去，还留下很多垃圾，希望管一管。",
        "已联合城管局开展整治，引导摊贩进入农贸市场经营，将持续巡查。",
    ),
    (
        "traffic",
        "jiaotong",
        "suggestion",
        "建议{place}增设公交站",
        "{place}附近新建了几个小区，住户很多，但最近的公交站要走二十分钟，建议增设一个站点或者调整线路。",
        "已将该建议纳入公交线网优化方案，计划下月调整线路并增设站点。",
    ),
    (
        "environment",
        "huanbao",
        "complaint",
        "{place}夜间施工噪音扰民",
        "{place}工地每天晚上十一点以后还在施工，噪音很大，孩子第二天要上学根本睡不着。",
        "已责令施工单位停止夜间施工，需连续作业的须办理夜间施工许可并公示。",
    ),
    (
        "education",
        "jiaoyu",
        "question",
        "孩子入学需要哪些材料",
        "孩子今年满六岁，户口在{place}，想问一下秋季入学报名需要准备哪些材料，什么时候报名？",
        "请准备户口簿、房产证明或租赁备案、预防接种证，6月中旬在区教体局网站公布报名安排。",
    ),
    (
        "health",
        "weijian",
        "suggestion",
        "{place}社区卫生服务站希望延长开放时间",
        "{place}社区卫生服务站下午五点就关门了，上班族下班后看不了病，建议周末和晚上也开放。",
        "已协调该服务站试行周六上午开诊，工作日延长至18:30。",
    ),
    (
        "property",
        "zhujian",
        "complaint",
        "{place}小区电梯经常坏",
        "{place}小区3栋的电梯一个月坏了四次，物业说没有维修资金，住高层的老人下不了楼。",
        "已约谈物业公司，督促申请使用维修资金，电梯已完成大修并通过检验。",
    ),
    (
        "social",
        "renshe",
        "help",
        "在{place}工地打工被拖欠工资",
        "我们十几个工人在{place}附近的工地干了三个月，老板一直拖着不发工资，快过年了，请帮帮我们。",
        "劳动保障监察大队已介入，督促施工总包单位用工资保证金垫付，工资已全部发放。",
    ),
    (
        "security",
        "gongan",
        "tip",
        "{place}楼道堆放杂物有消防隐患",
        "{place}几栋楼的楼道里堆满了纸箱和电动车，晚上还有人在楼道充电，很危险。",
        "已会同社区开展清理，并在小区设置集中充电点。",
    ),
    (
        "municipal",
        "shuiwu",
        "complaint",
        "{place}下水道堵塞污水外溢",
        "{place}路口的下水道堵了，一下雨污水就冒出来，路面上全是脏水，走路都要绕。",
        "已组织疏通管网并更换破损管段，排水已恢复正常。",
    ),
    (
        "urban",
        "ziran",
        "question",
        "{place}老旧小区改造什么时候开始",
        "听说{place}列入了老旧小区改造，请问具体什么时候开工，改造内容包括哪些？",
        "该小区已列入明年改造计划，包括管网、外墙、加装电梯等，开工前会公示方案并征求意见。",
    ),
    (
        "social",
        "minzheng",
        "question",
        "高龄津贴怎么申请",
        "家里老人今年满80岁了，住在{place}，请问高龄津贴在哪里申请，需要什么材料？",
        "请携带老人身份证、户口簿、银行卡到户籍所在地社区申请，次月起发放。",
    ),
    (
        "traffic",
        "gongan",
        "complaint",
        "{place}乱停车堵路",
        "{place}路边每天都停满了车，还有车直接停在人行道上，消防车都进不来。",
        "交警大队已加强该路段巡查，并施划了临时停车位。",
    ),
    (
        "sanitation",
        "geliping",
        "praise",
        "表扬{place}环卫工人",
        "{place}的环卫工人每天天不亮就开始打扫，街道干干净净，希望表扬一下他们。",
        "感谢您的肯定，我们会把您的表扬转达给一线环卫工人。",
    ),
]
FOLLOW_UPS = [
    "请问现在进展怎么样了？",
    "已经过去一周了，还是没有人来处理。",
    "谢谢，请问大概什么时候能处理好？",
]
COMMENTS = {
    "satisfied": "处理得很及时，谢谢！",
    "fair": "问题解决了，就是慢了点。",
    "dissatisfied": "问题还没有彻底解决。",
}
REJECTIONS = [
    "该事项已进入诉讼程序，请通过司法途径解决。",
    "内容重复，已合并到同类诉求办理。",
    "反映内容不具体，请补充地点后重新提交。",
]
DISPATCH_NOTES = ["请按职责核实办理，限期答复居民。", "请现场核查后答复。", ""]
RETURNS = [
    "该事项不属于本单位职责范围，请转相关职能部门办理。",
    "经核实，该点位由区级部门管理，请改派。",
]
EXTENSIONS = [
    "需协调多个部门现场会商，申请延期。",
    "涉及资金审批，流程较长，申请延期。",
    "需等待施工单位排期，申请延期。",
]
SECOND_REPLY = "您好，针对您的意见，我们再次到现场核查并落实整改。{reply}如仍有问题请继续留言。"
REPLY = "您好，您反映的问题已收悉。{reply}感谢您对我们工作的支持和监督。"
#: a held word in a resident's text: the screen keeps it for a moderator (the word list is in WORDS)
HELD_TAIL = "再不解决我们就去上访。"
DEMO_CODES = ["DEMO-CODE-0001", "DEMO-CODE-0002", "DEMO-CODE-0003"]
