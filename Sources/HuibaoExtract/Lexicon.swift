import HuibaoCore

/// The words that tell what a figure counts and how: the action verbs, the category cues, and the cues of kind
/// (计划 → target, 同比 → change). One line per word: `word category flags`; `-` is no category.
///
/// Flags: A an action verb (its clause's `action`), T a plan or goal, M a result marker, C a change against a
/// baseline, R a share or rate, P a service promise, S a total (共, 合计), W the parts that follow (其中),
/// F a frequency (每), K a ranking, D a campaign's duration, N a noun naming what is counted.
enum Lexicon {
    struct Entry: Sendable {
        var word: [UInt32]
        var text: String
        var category: MetricCategory?
        /// The flag letters as bits (`Lexicon.bit(_:)`): tested for every word near every figure.
        var flags: UInt64
    }

    /// The flags tested in code, as bits of `Entry.flags`.
    struct Flag: Sendable {
        var rawValue: UInt64
        init(_ letter: Character) { rawValue = Lexicon.bit(letter) }
        static var A: Flag { Flag(rawValue: 1 << 0) }
        static var C: Flag { Flag(rawValue: 1 << 2) }
        static var M: Flag { Flag(rawValue: 1 << 12) }
        static var N: Flag { Flag(rawValue: 1 << 13) }
        static var P: Flag { Flag(rawValue: 1 << 15) }
        static var S: Flag { Flag(rawValue: 1 << 18) }
        static var T: Flag { Flag(rawValue: 1 << 19) }
        static var W: Flag { Flag(rawValue: 1 << 22) }
        static var Y: Flag { Flag(rawValue: 1 << 24) }
        static var m: Flag { Flag(rawValue: 1 << (12 + 26)) }
        static var g: Flag { Flag(rawValue: 1 << (6 + 26)) }
        private init(rawValue: UInt64) { self.rawValue = rawValue }
    }

    /// The bit of a flag letter: A…Z, then a…z.
    @inline(__always)
    static func bit(_ flag: Character) -> UInt64 {
        let v = flag.unicodeScalars.first!.value
        return v >= 97 ? 1 << UInt64(v - 97 + 26) : 1 << UInt64(v - 65)
    }

    static let table = """
        罚款 penalty A
        罚没 penalty A
        罚没款 penalty N
        警告 penalty A
        吊销 penalty A
        没收 penalty A
        处罚 penalty A
        行政处罚 penalty A
        暂扣 penalty A
        立案 enforcement_case A
        立案查处 enforcement_case A
        立案调查 enforcement_case A
        查处 enforcement_case A
        查办 enforcement_case A
        结案 enforcement_case A
        办结案件 enforcement_case A
        案件 enforcement_case N
        援助案件 - N
        调解案件 - N
        仲裁案件 - N
        信访案件 - N
        拆除违法建筑 enforcement_case A
        拆除违章建筑 enforcement_case A
        拆除违建 enforcement_case A
        案值 enforcement_case N
        责令整改 enforcement_case A
        责令改正 enforcement_case A
        限期整改 inspection A
        取缔 enforcement_case A
        移送 enforcement_case A
        查封 enforcement_case A
        扣押 enforcement_case A
        关停 enforcement_case A
        抽检 sampling A
        抽样 sampling A
        抽查 inspection A
        快检 sampling A
        快速检测 sampling A
        检测 inspection A
        送检 sampling A
        检验 sampling A
        监测 - A
        样品 sampling N
        不合格 - N
        检查 inspection A
        排查 inspection A
        巡查 inspection A
        走访 inspection A
        督查 inspection A
        暗访 inspection A
        核查 inspection A
        摸排 inspection A
        督导 inspection A
        巡检 inspection A
        检查发现 inspection A
        发现 inspection A
        隐患 inspection N
        整改 inspection A
        培训 training_meeting A
        座谈 training_meeting A
        座谈会 training_meeting N
        会议 training_meeting N
        宣传 training_meeting A
        宣讲 training_meeting A
        讲座 training_meeting N
        演练 training_meeting A
        观摩 training_meeting A
        召开 - Ag
        举办 - Ag
        授课 training_meeting A
        集中学习 training_meeting A
        宣传资料 training_meeting N
        投资 investment A
        完成投资 investment Am
        项目 projects N
        开工 projects A
        新开工 projects A
        竣工 projects A
        复工 projects A
        签约 - A
        资金 funding N
        补贴 funding N
        补助 funding N
        奖补 funding N
        经费 funding N
        专项债 funding N
        债券 funding N
        贷款 funding N
        拨付 funding A
        下达 funding A
        争取 funding A
        筹措 funding A
        兑现 funding A
        企业 enterprise N
        市场主体 enterprise N
        经营主体 enterprise N
        个体工商户 enterprise N
        工商户 enterprise N
        公司 enterprise N
        合作社 enterprise N
        商户 enterprise N
        经营户 enterprise N
        出动 personnel A
        派出 personnel A
        执法人员 personnel N
        工作人员 personnel N
        干部 personnel N
        职工 personnel N
        网格员 personnel N
        医务人员 personnel N
        医护人员 personnel N
        教师 personnel N
        志愿者 personnel N
        居民 population N
        学生 population N
        群众 population N
        人口 population N
        患者 population N
        农户 population N
        脱贫 population N
        受益 population N
        伤亡 population N
        死亡 population N
        受伤 population N
        就业 population N
        参保 population N
        儿童 population N
        老人 population N
        老年人 population N
        村民 population N
        幼儿 population N
        在校生 population N
        师生 population N
        残疾人 population N
        低保 population N
        特困 population N
        新生儿 population N
        孕产妇 population N
        接种 population A
        考生 population N
        毕业生 population N
        劳动力 population N
        务工 population N
        市民 population N
        困难群众 population N
        产值 economic_indicator N
        生产总值 economic_indicator N
        GDP economic_indicator N
        零售总额 economic_indicator N
        营业收入 economic_indicator N
        营收 economic_indicator N
        收入 economic_indicator N
        增加值 economic_indicator N
        产量 economic_indicator N
        税收 economic_indicator N
        出口 economic_indicator N
        进出口 economic_indicator N
        外贸 economic_indicator N
        出栏 economic_indicator A
        存栏 economic_indicator N
        粮食 economic_indicator N
        销售额 economic_indicator N
        销售总额 economic_indicator N
        销售 economic_indicator A
        销售收入 economic_indicator N
        研发投入 economic_indicator N
        研发经费 economic_indicator N
        亩产 economic_indicator N
        单产 economic_indicator N
        交易额 economic_indicator N
        成交额 economic_indicator N
        利润 economic_indicator N
        用电量 economic_indicator N
        货运量 economic_indicator N
        客运量 economic_indicator N
        计划 - T
        目标 - T
        力争 - T
        确保 - T
        拟 - T
        预期 - T
        任务 - T
        控制在 - T
        要完成 - T
        将完成 - T
        争创 - T
        年度计划 - T
        下一步 - T
        已 - M
        已经 - M
        累计 - mS
        共 - S
        共计 - S
        合计 - S
        总计 - S
        其中 - W
        实际 - M
        预计 - M
        同比 - C
        环比 - C
        比上年 - C
        较上年 - C
        比去年 - C
        较去年 - C
        比上月 - C
        较上月 - C
        较同期 - C
        比同期 - C
        上年同期 - C
        去年同期 - C
        净增 - AC
        净减 - AC
        增长 - AC
        下降 - AC
        增加 - AC
        减少 - AC
        提高 - AC
        降低 - AC
        上升 - AC
        回落 - AC
        增幅 - C
        降幅 - C
        增速 - C
        提升 - AC
        翻番 - C
        率 - R
        占 - R
        占比 - R
        比重 - R
        完成率 - R
        合格率 - R
        覆盖率 - R
        达标率 - R
        即来即办 - P
        时限 - P
        承诺 - P
        压缩至 - P
        缩短至 - P
        办结时间 - P
        每 - F
        排名 - K
        位列 - K
        位居 - K
        名列 - K
        排第 - K
        为期 - D
        连续 - D
        历时 - D
        持续 - D
        用时 - D
        完成 - Amg
        实现 - Amg
        达到 - Ag
        新增 - Ag
        现有 - A
        共有 - A
        拥有 - A
        建成 - A
        新建 - A
        改造 - A
        发放 - Ag
        办理 - A
        受理 - A
        开展 - Ag
        组织 - Ag
        登记 - A
        注册 - A
        培育 - A
        引进 - A
        帮助 - A
        解决 - A
        签订 - A
        接到 - A
        处理 - A
        办结 - A
        回复 - A
        调解 - A
        挽回 - A
        销毁 - A
        清理 - A
        整治 - Ag
        治理 - A
        种植 - A
        播种 - A
        覆盖 - A
        惠及 - A
        救助 population A
        帮扶 - A
        慰问 - A
        服务 - Ag
        接待 - A
        转移 - A
        安置 - A
        投入 - A
        支出 funding N
        落实 - Ag
        推进 - Ag
        实施 - Ag
        申报 - A
        建设 - A
        建立 - A
        成立 - A
        制定 - A
        印发 - A
        征收 - A
        收缴 - A
        追回 enforcement_case A
        授权 - A
        检定 - A
        统筹协调 - A
        调度 - A
        跟踪推进 - A
        狠抓 - A
        建设费 funding N
        易地建设费 funding N
        监测对象 population N
        拘留 penalty A
        行政拘留 penalty A
        指令书 enforcement_case N
        监察指令 enforcement_case N
        失信名单 - N
        执法检查组 - N
        联合检查组 - N
        贫困户 population N
        脱贫户 population N
        监测户 population N
        低收入人口 population N
        受助 population N
        救助对象 population N
        矫正对象 population N
        观众 population N
        参保人员 population N
        就业人员 population N
        农民工 population N
        务工人员 population N
        返乡人员 population N
        孕妇 population N
        青少年 population N
        高龄老人 population N
        留守儿童 population N
        孤儿 population N
        特困人员 population N
        低保户 population N
        搬迁户 population N
        常住人口 population N
        户籍人口 population N
        失业人员 population N
        就业困难人员 population N
        签约居民 population N
        伤者 population N
        遇难 population N
        失踪 population N
        服务对象 population N
        受灾群众 population N
        消防员 personnel N
        队员 personnel N
        专家 personnel N
        技术人员 personnel N
        科技特派员 personnel N
        驻村工作队 personnel N
        第一书记 personnel N
        乡村医生 personnel N
        保洁员 personnel N
        管理人员 personnel N
        监管人员 personnel N
        检查人员 personnel N
        公务员 personnel N
        党员干部 personnel N
        商超 enterprise N
        超市 enterprise N
        药店 enterprise N
        餐饮店 enterprise N
        门店 enterprise N
        生产企业 enterprise N
        小微企业 enterprise N
        规上企业 enterprise N
        外资企业 enterprise N
        营业额 economic_indicator N
        可支配收入 economic_indicator N
        服务业 economic_indicator N
        商品房 economic_indicator N
        销售面积 economic_indicator N
        吞吐量 economic_indicator N
        存款 economic_indicator N
        旅游收入 economic_indicator N
        财政收入 economic_indicator N
        农业总产值 economic_indicator N
        工业总产值 economic_indicator N
        捐款 funding N
        捐赠 funding N
        转移支付 funding N
        贴息 funding N
        保费 funding N
        理赔 funding N
        赔付 funding N
        一般债 funding N
        债券资金 funding N
        衔接资金 funding N
        推介会 training_meeting N
        现场会 training_meeting N
        调度会 training_meeting N
        推进会 training_meeting N
        研讨会 training_meeting N
        宣传周 training_meeting N
        宣传月 training_meeting N
        宣传活动 training_meeting N
        知识竞赛 training_meeting N
        培训班 training_meeting N
        宣传册 training_meeting N
        研讨 training_meeting A
        辅导 training_meeting A
        开班 training_meeting A
        监督检查 inspection A
        执法检查 inspection A
        巡逻 inspection A
        巡河 inspection A
        巡林 inspection A
        查扣 enforcement_case A
        侦破 enforcement_case A
        破获 enforcement_case A
        抓获 enforcement_case A
        问责 penalty A
        处分 penalty A
        追责 penalty A
        通报批评 penalty A
        在建项目 projects N
        续建项目 projects N
        新建项目 projects N
        总投资 investment N
        固投 investment N
        固定资产投资 investment N
        限额以上 - N
        规模以上 - N
        设计能力 - Y
        库容 - Y
        仓容 - Y
        亏损 economic_indicator N
        走访慰问 - A
        纳税人 population N
        退役军人 population N
        优抚对象 population N
        移交 enforcement_case A
        暂停 enforcement_case A
        保证金 funding N
        奖补资金 funding N
        慰问金 funding N
        优抚金 funding N
        结余 funding N
        基金支出 funding N
        基金收入 funding N
        助学金 funding N
        目标是 - T
        主要目标 - T
        驾驶员 personnel N
        教职工 personnel N
        医师 personnel N
        增收 economic_indicator AC
        救灾资金 funding N
        补助资金 funding N
        劳务报酬 funding N
        津贴 funding N
        粮食产量 economic_indicator N
        秋粮 economic_indicator N
        夏粮 economic_indicator N
        播种面积 economic_indicator N
        工程 projects N
        减少了 - AC
        增加了 - AC
        下跌 - AC
        上涨 - AC
        价格监测 - N
        提醒 - A
        告诫 - A
        提醒告诫 - A
        受益群众 population N
        病例 population N
        传染病 population N
        受教育 population N
        工作队员 personnel N
        执法队员 personnel N
        检查员 personnel N
        社工 personnel N
        村医 personnel N
        护士 personnel N
        医生 personnel N
        民警 personnel N
        辅警 personnel N
        信息员 personnel N
        协管员 personnel N
        监督员 personnel N
        安全员 personnel N
        调解员 personnel N
        护林员 personnel N
        办理案件 enforcement_case A
        办案 enforcement_case A
        曝光 - A
        参训 training_meeting A
        截至 - m
        处理能力 - Y
        容量 - Y
        产能 - Y
        能力 - Y
        家庭农场 enterprise N
        消费券 funding N
        额度 funding N
        预算内投资 funding N
        补助金 funding N
        资助 funding N
        救助金 funding N
        低保金 funding N
        能耗 economic_indicator N
        预算支出 funding N
        接待游客 economic_indicator N
        饲养量 economic_indicator N
        零售额 economic_indicator N
        带动消费 economic_indicator N
        投诉 - N
        消费者 - N
        培训机构 - N
        工作组 - N
        督查组 - N
        检查组 - N
        查堵 inspection A
        约谈 - A
        整改通知书 enforcement_case N
        责令限期整改 enforcement_case A
        纠正 enforcement_case A
        纠正违法行为 enforcement_case A
        责令停止 enforcement_case A
        责令停产 enforcement_case A
        停产整顿 enforcement_case A
        停业整顿 enforcement_case A
        责令停业整顿 enforcement_case A
        拒不整改 - N
        招商引资 investment N
        签约总金额 investment N
        签约金额 investment N
        签约项目 projects N
        样本 sampling N
        水样 sampling N
        检测所 - N
        检验所 - N
        检测中心 - N
        检验检测 - N
        检测站 - N
        计量院 - N
        研究院 - N
        人群 population N
        分别为 - W
        分别是 - W
        公共服务 - N
        餐饮服务 - N
        服务单位 - N
        服务设施 - N
        服务机构 - N
        服务中心 - N
        服务站 - N
        重点人群 population N
        农家乐 enterprise N
        民宿 enterprise N
        个体户 enterprise N
        捣毁 enforcement_case A
        打掉 enforcement_case A
        侦办 enforcement_case A
        打击处理 enforcement_case A
        涉案金额 enforcement_case N
        涉案资金 enforcement_case N
        涉案价值 enforcement_case N
        盘查 inspection A
        检查站 - N
        复议案件 - N
        诉讼案件 - N
        争议案件 - N
        纠纷案件 - N
        普法 training_meeting A
        帮教对象 population N
        刑满释放人员 population N
        诫勉 penalty A
        督察 inspection A
        督察组 - N
        巡察 inspection A
        巡察组 - N
        复查 inspection A
        监测点 - N
        监测站 - N
        检测点 - N
        例会 training_meeting N
        动员会 training_meeting N
        部署会 training_meeting N
        协调会 training_meeting N
        联席会 training_meeting N
        专题会 training_meeting N
        发布会 training_meeting N
        对接会 training_meeting N
        交流会 training_meeting N
        会议室 - N
        明白纸 training_meeting N
        倡议书 training_meeting N
        警示教育 training_meeting A
        演习 training_meeting A
        培训基地 - N
        培训中心 - N
        诊疗 population N
        门诊 population N
        住院 population N
        就诊 population N
        病人 population N
        体检 population N
        健康检查 population N
        筛查 population N
        计划生育 - N
        招生 population N
        校长 personnel N
        班主任 personnel N
        营养改善计划 - N
        受灾 population N
        被困人员 population N
        伤员 population N
        退休人员 population N
        企业职工 population N
        求职者 population N
        稳岗返还 funding N
        困难职工 population N
        会员 population N
        妇女 population N
        青年 population N
        善款 funding N
        献血 population N
        拆除违法建设 enforcement_case A
        环卫工人 personnel N
        社区工作者 personnel N
        河长 personnel N
        林长 personnel N
        供水量 economic_indicator N
        报销 funding N
        基金 funding N
        公积金 funding N
        缴存 funding N
        缴存职工 population N
        融资 funding N
        小额信贷 funding N
        贷款余额 economic_indicator N
        不良贷款 economic_indicator N
        雨露计划 - N
        消费帮扶 economic_indicator N
        农民 population N
        收益 economic_indicator N
        军属 population N
        烈属 population N
        退役士兵 population N
        投产 projects A
        完工 projects A
        利用外资 investment N
        使用外资 investment N
        网络零售 economic_indicator N
        游客 economic_indicator N
        游客投诉 - N
        客流 economic_indicator N
        旅游人次 economic_indicator N
        读者 population N
        周转量 economic_indicator N
        快递业务量 economic_indicator N
        销量 economic_indicator N
        交易量 economic_indicator N
        成交量 economic_indicator N
        利税 economic_indicator N
        总产 economic_indicator N
        发电量 economic_indicator N
        资产总额 economic_indicator N
        抽样调查 - N
        样本户 - N
        拨款 funding N
        补偿款 funding N
        小作坊 enterprise N
        网店 enterprise N
        餐饮单位 enterprise N
        零售户 enterprise N
        公积金 funding N
        归集 funding A
        提取金额 funding N
        个贷率 funding N
        粉丝 population N
        劳动模范 population N
        创业者 population N
        计划完成率 - R
        年度计划完成率 - R
        目标完成率 - R
        溢价 - AC
        化解 - A
        调处 - A
        网格长 personnel N
        巡山 inspection A
        巡堤 inspection A
        踏查 inspection A
        吸毒人员 population N
        戒毒人员 population N
        社区康复人员 population N
        新兵 population N
        入伍 population N
        兵役登记 population N
        独生子女 population N
        五保户 population N
        扶助对象 population N
        转移安置 population A
        签约资金 investment N
        来访 population N
        法官 personnel N
        检察官 personnel N
        未成年人 population N
        救助案件 - N
        批准逮捕 enforcement_case A
        批捕 enforcement_case A
        逮捕 enforcement_case A
        公诉 enforcement_case A
        审查起诉 enforcement_case A
        组织处理 penalty A
        撤职 penalty A
        开除党籍 penalty A
        开除公职 penalty A
        留党察看 penalty A
        谈话函询 - A
        批评教育 - A
        违纪资金 enforcement_case N
        违纪违法资金 enforcement_case N
        查出 inspection A
        增收节支 - A
        交易金额 economic_indicator N
        成交金额 economic_indicator N
        交易总额 economic_indicator N
        成交总额 economic_indicator N
        数据归集 - A
        售电量 economic_indicator N
        供电量 economic_indicator N
        计划停电 - N
        计划检修 - N
        巡视 inspection A
        巡视组 - N
        业务总量 economic_indicator N
        科普活动 training_meeting N
        归侨 population N
        侨眷 population N
        侨胞 population N
        华侨 population N
        离退休干部 population N
        离休干部 population N
        退休干部 population N
        老干部 population N
        查档 population N
        编制 personnel N
        书记 personnel N
        选调生 personnel N
        受众 population N
        中心组学习 training_meeting A
        宣讲团 - N
        宣传部 - N
        轮训 training_meeting A
        轮训班 training_meeting N
        主体班 training_meeting N
        党员 population N
        讲堂 training_meeting N
        专题学习 training_meeting A
        困难家庭 population N
        巡讲 training_meeting A
        班次 training_meeting N
        签约总额 investment N
        合同引资 investment N
        农民专业合作社 enterprise N
        农民合作社 enterprise N
        首要任务 - N
        政治任务 - N
        重要任务 - N
        中心任务 - N
        住户 population N
        低收入家庭 population N
        低收入人口 population N
        低收入群体 population N
        农技人员 personnel N
        业户 enterprise N
        技能人才 population N
        创业 population N
        待遇 funding N
        目标责任 - N
        实缴职工 population N
        缴存职工 population N
        科技计划 - N
        财政支出 funding N
        工程技术 - N
        高考 population N
        巩固率 population N
        建档率 population N
        普及率 population N
        门急诊 population N
        农牧户 population N
        参学 training_meeting A
        低保标准 funding N
        保障标准 funding N
        补助标准 funding N
        救助标准 funding N
        等候时间 - P
        等待时间 - P
        能力提升 - N
        能力建设 - N
        增值税 economic_indicator N
        所得税 economic_indicator N
        学堂 training_meeting N
        帮扶车间 enterprise N
        社员 population N
        依法拆除 enforcement_case A
        """

    static let entries: [Entry] = table.split(separator: "\n").compactMap { line in
        let parts = line.split(separator: " ")
        guard parts.count == 3 else { return nil }
        let word = parts[0].unicodeScalars.map { TextTables.normalize($0.value) }
        let category = parts[1] == "-" ? nil : MetricCategory(rawValue: String(parts[1]))
        let flags = parts[2].reduce(UInt64(0)) { $0 | bit($1) }
        return Entry(word: word, text: String(parts[0]), category: category, flags: flags)
    }

    /// Each entry's word as it matches normalized text, made once: a figure's action is often one word.
    static let spelled: [String] = entries.map { scalarString($0.word, 0, $0.word.count) }

    /// Entry indices by first scalar (BMP), longest word first, so a clause is scanned once.
    static let byFirst: ScalarIndex<Int> = {
        var index = ScalarIndex<Int>()
        for (i, entry) in entries.enumerated() { index.append(i, for: entry.word[0]) }
        index.sortEach { entries[$0].word.count > entries[$1].word.count }
        return index
    }()

    /// The entries laid out flat for `hits`, which reads every scalar of every paragraph: the words one after
    /// another (entry `e` is `scalars[starts[e]..<starts[e + 1]]`), and the candidates by first scalar,
    /// longest first.
    struct Matcher: Sendable {
        var scalars: [UInt32] = []
        var starts: [Int] = [0]
        var categories: [MetricCategory?] = []
        var flags: [UInt64] = []
        var firsts = ScalarIndex<Int>()
        var starters = ScalarSet([])
        /// The first scalars of one-scalar words, and the first two scalars of longer ones (hashed into 16 bits).
        var singles = ScalarSet([])
        var pairs = ScalarSet([])

        @inline(__always)
        static func pairKey(_ a: UInt32, _ b: UInt32) -> UInt32 {
            ((a &* 0x9E37_79B1) ^ (b &* 0x85EB_CA6B)) >> 16
        }
    }

    static let matcher: Matcher = {
        var m = Matcher()
        for entry in entries {
            m.scalars.append(contentsOf: entry.word)
            m.starts.append(m.scalars.count)
            m.categories.append(entry.category)
            m.flags.append(entry.flags)
        }
        m.firsts = byFirst
        m.starters = ScalarSet(entries.map { $0.word[0] })
        m.singles = ScalarSet(entries.filter { $0.word.count == 1 }.map { $0.word[0] })
        m.pairs = ScalarSet(entries.filter { $0.word.count > 1 }.map { Matcher.pairKey($0.word[0], $0.word[1]) })
        return m
    }()

    /// A word found in a paragraph.
    struct Hit {
        var entry: Int
        var start: Int
        var end: Int
        var category: MetricCategory?
        var flags: UInt64
        @inline(__always)
        func has(_ flag: Flag) -> Bool { flags & flag.rawValue != 0 }
    }

    /// The lexicon words in `text[range]`, leftmost longest first, so 检测所 (a name) hides 检测 (a verb).
    static func hits(in text: [UInt32], from start: Int, to end: Int) -> [Hit] {
        var found: [Hit] = []
        hits(in: text, from: start, to: end, into: &found)
        return found
    }

    /// The same, into an array the caller keeps from paragraph to paragraph (emptied first), so it is not
    /// grown anew each time.
    static func hits(in text: [UInt32], from start: Int, to end: Int, into found: inout [Hit]) {
        found.removeAllKeepingCapacity()
        let matcher = Self.matcher
        guard start < end else { return }
        text.withUnsafeBufferPointer { t in
            matcher.scalars.withUnsafeBufferPointer { w in
                matcher.firsts.flat.withUnsafeBufferPointer { candidates in
                    var i = start
                    while i < end {
                        // One bit test skips the scalars no word starts with, most of them.
                        guard matcher.starters.contains(t[i]) else {
                            i += 1
                            continue
                        }
                        // Most starters are not followed by a second scalar any word goes on with.
                        if !matcher.singles.contains(t[i]),
                            i + 1 >= end || !matcher.pairs.contains(Matcher.pairKey(t[i], t[i + 1]))
                        {
                            i += 1
                            continue
                        }
                        let range = matcher.firsts.range(of: t[i])
                        var matched = -1
                        for k in range {
                            let e = candidates[k]
                            let from = matcher.starts[e]
                            let count = matcher.starts[e + 1] - from
                            guard i + count <= end else { continue }
                            var same = true
                            for m in 1..<count where t[i + m] != w[from + m] {
                                same = false
                                break
                            }
                            if same {
                                matched = e
                                break
                            }
                        }
                        if matched < 0 {
                            i += 1
                            continue
                        }
                        let length = matcher.starts[matched + 1] - matcher.starts[matched]
                        found.append(
                            Hit(
                                entry: matched,
                                start: i,
                                end: i + length,
                                category: matcher.categories[matched],
                                flags: matcher.flags[matched]
                            )
                        )
                        i += length
                    }
                }
            }
        }
    }
}
