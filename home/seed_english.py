"""Hand-written English of the demo site: the home page, every section page and a few stories.

Keyed by the simplified-Chinese source string, as ``rongmei.translation.translate_instance`` takes it.
Anything not here (the other articles, merchants, products) stays in Chinese and is listed in the English
sections with a language label.
"""

from petitions.seed import BUREAUS, STREETS, TOWN

# unit slug: English name, and the short form the channel's description uses
UNITS = {
    "geliping": ("Geliping Town", "Geliping Town"),
    "qingxiangping": ("Qingxiangping Street", "Qingxiangping Street"),
    "yuquan": ("Yuquan Street", "Yuquan Street"),
    "hemenkou": ("Hemenkou Street", "Hemenkou Street"),
    "sutie": ("Sutie Street", "Sutie Street"),
    "taojiadu": ("Taojiadu Street", "Taojiadu Street"),
    "zhujian": ("Xiqu Housing and Urban-Rural Development Bureau", "the housing bureau"),
    "chengguan": ("Xiqu Urban Management Bureau", "the urban management bureau"),
    "jiaotong": ("Xiqu Transport Bureau", "the transport bureau"),
    "jiaoyu": ("Xiqu Education and Sports Bureau", "the education bureau"),
    "weijian": ("Xiqu Health Bureau", "the health bureau"),
    "huanbao": ("Panzhihua Ecology and Environment Bureau, Xiqu Branch", "the environment branch"),
    "shichang": ("Xiqu Market Regulation Bureau", "the market regulation bureau"),
    "renshe": ("Xiqu Human Resources and Social Security Bureau", "the human resources bureau"),
    "minzheng": ("Xiqu Civil Affairs Bureau", "the civil affairs bureau"),
    "gongan": ("Panzhihua Public Security Bureau, Xiqu Branch", "the public security branch"),
    "shuiwu": ("Xiqu Water Bureau", "the water bureau"),
    "ziran": ("Xiqu Natural Resources Bureau", "the natural resources bureau"),
}

ENGLISH = {
    # the home page and the site's own pages
    "西区融媒": "Xiqu Media",
    "看新闻、查政务、说民声、找服务，一站搞定。": "News, government notices, residents' voices and everyday services in one place.",
    "关于我们": "About us",
    "西区融媒体中心是区委宣传部主管的新闻宣传和公共服务平台。": "The Xiqu Media Centre is the district's news and public-service platform, run under the district's publicity department.",
    "我们负责全区新闻宣传、政务信息发布和民声诉求办理，让群众的每一条留言都有人看、有人办、有回音。": "We publish the district's news and government information and handle residents' petitions, so that every message is read, acted on and answered.",
    "把群众的每一件小事都当成大事来办。": "Every small matter of a resident is a big matter to us.",
    "西区融媒体中心": "Xiqu Media Centre",
    "隐私政策": "Privacy policy",
    "我们只收集办理诉求所必需的个人信息，联系方式从不公开。": "We collect only the personal information needed to handle a petition, and never publish contact details.",
    "您在留言时填写的姓名和电话仅用于工作人员联系您，不会在网站、应用或任何接口中公开显示。": "The name and phone number you give are used only by staff to contact you; they are never shown on the site, in the app or through any interface.",
    # the home page's service icons (``seed_layout``)
    "分类信息": "Classified ads",
    "慢直播": "Slow live",
    "网络投票": "Online vote",
    # services
    "便民服务": "Services",
    "常办事项怎么办、去哪办、带什么，一页讲清楚。": "How, where and with what to get everyday things done.",
    "生活服务": "Daily life",
    "交通出行": "Getting around",
    "教育入学": "Schools",
    "企业服务": "Business",
    # petitions
    "民声": "Residents' voices",
    "有事您说话：咨询、投诉、求助、建议，融媒体中心转办到部门，限时答复，全程公开。": "Tell us: questions, complaints, requests for help and suggestions go from the media centre to the department in charge, answered within a deadline, all in public.",
    "民情数据排名周报": "Weekly ranking report",
    "每周一发布上周各办理单位的办结率、按期办结率和满意率排名。": "Every Monday: last week's completion, on-time and satisfaction rates of every handling unit, ranked.",
    # news channels
    "要闻": "Headlines",
    "西区每日要闻，权威发布。": "The district's main news of the day.",
    "政务发布": "Government",
    "区委区政府重要会议、政策文件和人事信息。": "Meetings, policies and appointments of the district government.",
    "民生": "Livelihood",
    "就业、教育、医疗、住房、出行，关注身边事。": "Jobs, schools, health, housing and transport: the news next door.",
    "融媒回声": "Follow-ups",
    "您的留言，我们跟进到底：诉求办理结果追踪报道。": "Your message, followed to the end: stories on what became of residents' petitions.",
    "视频": "Video",
    "短视频、专题片与直播回放。": "Short videos, features and live-stream replays.",
    "帮打听": "We ask for you",
    "您有疑问，记者帮您打听：咨询类诉求的跟进报道。": "You ask, our reporters find out: follow-ups on residents' questions.",
    "督办": "Supervision",
    "难办的事，记者跟进督办：疑难诉求的追踪报道。": "Hard cases, followed up by our reporters until they are solved.",
    # department channels
    "西区号": "Department channels",
    "镇、街道和区级部门的权威发布：工作动态、通知公告和政策解读。": "Official news of the town, the streets and the district's departments: work, notices and policies.",
    "工作日 9:00-12:00，13:30-17:30": "Working days 9:00-12:00 and 13:30-17:30",
    # directory, ads, products
    "吃喝玩乐": "Eat, drink and play",
    "西区好吃的、好玩的、好逛的，商家免费入驻。": "Where to eat, play and shop in Xiqu; merchants list here for free.",
    "美食": "Food",
    "火锅、烧烤、米线、盐边菜，西区人的一日三餐和夜宵。": "Hotpot, barbecue, rice noodles and Yanbian dishes: Xiqu's meals and late-night snacks.",
    "美景": "Sights",
    "苏铁、江景、工业遗址，看得见的西区。": "Cycads, the riverside and industrial heritage: Xiqu to see.",
    "娱乐": "Entertainment",
    "KTV、电影、剧本杀，下班后去哪儿。": "Karaoke, cinema and murder-mystery games: where to go after work.",
    "购物": "Shopping",
    "超市、市场和本地特产店。": "Supermarkets, markets and local speciality shops.",
    "游玩": "Outings",
    "亲子、露营、采摘，周末带上家人出发。": "Family days, camping and fruit picking: weekend trips.",
    "康养": "Wellness",
    "阳光康养：温泉、中医理疗、老年活动中心。": "Sunshine and wellness: hot springs, traditional medicine and seniors' centres.",
    "广告": "Classified ads",
    "好吃嘴、娱游购、房租售、车买卖、找工作，免费发布，审核后显示。": "Food, leisure, housing, cars and jobs: free to post, shown after review.",
    "请勿发布违法违规信息；虚假信息一经举报核实即删除。": "Do not post anything unlawful; false ads are removed once a report is confirmed.",
    "电商购物": "Local products",
    "西区和攀西的好物，点一下就到合作网店。": "Good things from Xiqu and Panxi, one click from our partner shop.",
    # a handful of stories
    "滨江公园正式开园 市民家门口再添休闲好去处": "Binjiang Park opens: a new place to relax on residents' doorsteps",
    "历时两年建设的滨江公园今日正式向市民开放，新增绿地面积12万平方米。": "After two years of building, Binjiang Park opened to the public today, adding 120,000 square metres of green space.",
    "今天上午九点，滨江公园正式开园，首批市民游客沿着江岸步道漫步赏景。": "At nine this morning Binjiang Park opened, and its first visitors strolled along the riverside path.",
    "公园全长3.2公里，设有亲水平台、儿童游乐区、健身步道和两座公共卫生间，沿线种植银杏、蓝花楹等乔木四千余株。": "The park runs 3.2 km, with waterside platforms, a children's playground, a fitness trail and two public toilets; more than four thousand ginkgo, jacaranda and other trees line it.",
    "区住房和城乡建设局相关负责人介绍，公园建设充分吸收了网络投票中市民提出的意见，增设了无障碍通道和夜间照明。": "The housing bureau says the design took up residents' suggestions from the online vote, adding step-free paths and night lighting.",
    "现场图集": "Photos",
    "亲水平台": "Waterside platform",
    "儿童游乐区": "Children's playground",
    "夜景": "At night",
    "记者 李婷": "Reporter Li Ting",
    "记者 张明": "Reporter Zhang Ming",
    "刘芳": "Liu Fang",
    "赵强": "Zhao Qiang",
    "轨道交通3号线西区段完成初步勘察": "Metro line 3: first survey of the Xiqu section completed",
    "预计明年上半年开工建设": "Building expected to start in the first half of next year",
    "轨道交通3号线西区段设站6座，全长11.4公里，目前已完成沿线地质初步勘察。": "The 11.4 km Xiqu section of metro line 3 will have six stations; the first geological survey along the route is complete.",
    "记者从区交通运输局获悉，轨道交通3号线西区段已完成沿线地质初步勘察工作。": "The district transport bureau told our reporter that the first geological survey of the Xiqu section of metro line 3 is finished.",
    "该段线路设站6座，串联清香坪、玉泉、河门口等片区，建成后将大幅缩短居民进城通勤时间。": "Its six stations link Qingxiangping, Yuquan, Hemenkou and other areas, and will cut residents' commute into the city by a wide margin.",
    "区政府召开第十二次常务会议": "District government holds its twelfth executive meeting",
    "会议研究了城市更新、老旧小区改造和冬季安全生产等事项。": "The meeting discussed urban renewal, the renovation of old housing estates and safety at work in winter.",
    "11月18日，区政府召开第十二次常务会议，传达学习上级有关会议精神，研究部署近期重点工作。": "On 18 November the district government held its twelfth executive meeting to study the instructions from above and plan the work of the coming weeks.",
    "会议审议通过了《西区2026年老旧小区改造实施方案》，明确今年改造小区42个、惠及居民1.3万户。": "It adopted the Xiqu 2026 plan for renovating old housing estates: 42 estates this year, for 13,000 households.",
    "会议强调，要压紧压实冬季安全生产责任，加强燃气、消防、道路交通等重点领域隐患排查。": "The meeting called for firm responsibility for safety in winter and more checks on gas, fire and road hazards.",
}

#: The stories translated by hand (slugs of simplified-Chinese news articles).
STORIES = ["binjiang-park-opens", "metro-line-3-survey", "executive-meeting-12"]


def _unit_strings():
    """The department channels' generated texts (see ``newsroom.seed``), in English."""
    units = [(TOWN[0], TOWN[0], TOWN[1])]
    units += [(name, name, slug) for name, slug in STREETS]
    units += list(BUREAUS)
    strings = {}
    for number, (name, short, slug) in enumerate(units, start=1):
        english, english_short = UNITS.get(slug, (name, name))
        strings[name] = english
        strings[f"{name}西区号，发布本单位工作动态、通知公告和政策解读。"] = (
            f"The channel of {english}: its work, notices and policies."
        )
        strings[f"负责{short}职责范围内的公共服务和社会管理工作，受理并答复群众诉求。"] = (
            f"Public services and administration within the remit of {english_short}; receives and answers "
            "residents' petitions."
        )
        strings[f"西区新华路{number}号"] = f"No. {number} Xinhua Road, Xiqu"
    return strings


def english_strings():
    return {**ENGLISH, **_unit_strings()}
