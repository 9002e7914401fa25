import HuibaoCore
import Testing

@testable import HuibaoExtract

@Suite struct ExtractorTests {
    let extractor = try! Extractor.bundled()

    private func metrics(_ text: String) -> [Metric] {
        extractor.extract(text).flatMap(\.metrics)
    }

    private func scalarSlice(_ text: String, _ start: Int, _ end: Int) -> String {
        let s = Array(text.unicodeScalars)
        var v = String.UnicodeScalarView()
        v.append(contentsOf: s[start..<end])
        return String(v)
    }

    // MARK: - Values, units, qualifiers

    @Test(arguments: [
        ("共检查经营单位两家。", 2.0, "家"), ("抽检一百二十批次。", 120, "批次"), ("下达资金三千五百万元。", 3500, "万元"),
        ("合格率达百分之九十。", 90, "%"), ("同比下降0.2个百分点。", 0.2, "个百分点"), ("增长1.5倍。", 1.5, "倍"),
        ("完成投资5.6亿元。", 5.6, "亿元"), ("检查企业１２３家。", 123, "家"), ("检查企业1,280家。", 1280, "家"),
        ("检查餐饮店十五家。", 15, "家"), ("投入资金壹佰贰拾万元。", 120, "万元"),
    ])
    func readsValueAndUnit(text: String, value: Double, unit: String) throws {
        let m = try #require(metrics(text).first)
        #expect(m.value == value)
        #expect(m.unit == unit)
    }

    @Test func appliesTheMultiplierToTheBase() throws {
        let m = try #require(metrics("全年计划投资完成700亿元以上。").first)
        #expect(m.baseValue == 70_000_000_000)
        #expect(m.baseUnit == "元")
    }

    @Test(arguments: [
        ("检查企业300余家。", Qualifier.plus), ("出动20多人次。", .more), ("清理垃圾近500吨。", .nearly),
        ("带动消费约1.6亿元。", .about), ("新建公厕逾60座。", .over), ("投放鼠药超过3吨。", .over),
        ("零售额突破10亿元。", .breakthrough), ("覆盖小区80个左右。", .around), ("不足10%的村存在问题。", .under),
        ("完成投资700亿元以上。", .above), ("失业率控制在5.5%以内。", .within), ("培训2万余人次。", .plus),
    ])
    func bindsQualifiers(text: String, qualifier: Qualifier) throws {
        let m = try #require(metrics(text).first)
        #expect(m.qualifier == qualifier)
    }

    /// From the ninth held-out round (n01–n12): qualifiers around a share in words, 以內 in traditional text.
    @Test(arguments: [
        ("养老机构入住率不足百分之五十。", Qualifier.under), ("优良天数比例提高到百分之八十以上。", .above),
        ("全年較大事故控制在3起以內。", .within),
    ])
    func bindsQualifiersOfTheNinthRound(text: String, qualifier: Qualifier) throws {
        let m = try #require(metrics(text).first)
        #expect(m.qualifier == qualifier, "\(m)")
    }

    /// 签约, 预约, 节约 end in 约, which is not "about" there.
    @Test(arguments: ["家庭医生累计签约6.4万人。", "线上预约1200人次。", "节约资金85万元。"])
    func readsNoQualifierInAWordEndingIn约(text: String) throws {
        let m = try #require(metrics(text).first)
        #expect(m.qualifier == nil, "\(m)")
    }

    /// From the tenth held-out round (p01–p12).
    @Test func aChangeAfter其中IsNotAPartOfTheTotal() throws {
        let found = metrics("全年发展党员316名，其中农村发展党员122名，较上年增加17名。")
        #expect(found.map(\.role) == [.total, .part, nil])
        #expect(found.last?.kind == .change)
    }

    @Test(arguments: ["户均停电时间同比减少2.3小时。", "成交价较起始价溢价860万元。"])
    func readsAChangeOfTimeOrPrice(text: String) throws {
        let m = try #require(metrics(text).first)
        #expect(m.kind == .change, "\(m)")
    }

    @Test func draftingAPlanIsNoTargetOfTheFiguresAfterIt() throws {
        let m = try #require(metrics("制定年度学习计划，开展集中学习研讨12次。").first)
        #expect(m.kind == .actual)
    }

    @Test func theCompletionRateOfAPlanIsARatioNotATarget() throws {
        let m = try #require(metrics("累计完成投资12.4亿元，年度计划完成率61.8%。").last)
        #expect(m.kind == .ratio)
    }

    @Test func aBoundBeforeANounIsASpecOfKindOther() throws {
        let m = try #require(metrics("授权检测所80吨以下汽车电子衡检定装置。").first)
        #expect(m.value == 80)
        #expect(m.qualifier == .below)
        #expect(m.kind == .other)
    }

    @Test func aThresholdInsideTheSubjectIsNotAMetric() {
        let found = metrics("新开工5000万元以上项目23个，60岁以上老年人1200人。")
        #expect(found.map(\.value) == [23, 1200])
    }

    // MARK: - Not metrics

    @Test(arguments: [
        "2023年3月15日召开会议。", "1-9月运行平稳。", "开展为期45天的专项整治。", "连续5年获评先进。", "每月一次通报。",
        "每季度开展一次交流学习。", "在全市9个县区中排名第一。", "位列全省第2名。", "第一批专项债券已下达。",
        "深入开展“三抓三促”行动。", "推行“一张图”审批。", "树牢“四个意识”。", "牢记两个维护。",
        "根据县政办发〔2023〕12号文件。", "联系电话：0934-5212345。", "建成5G基站。", "PM2.5浓度下降。",
        "（2篇）", "第1页共4页", "坚持以党的二十大为指引。", "印发《2023年安全承诺书》。", "近三年来成效明显。",
        "两个月专项整治。", "拨打12345热线。",
    ])
    func findsNoMetricIn(text: String) {
        #expect(metrics(text).isEmpty, "\(metrics(text).map(\.text))")
    }

    /// A bound before the number then 的 and a noun names who is counted when the clause counts them; alone, it is
    /// a share.
    @Test(arguments: [
        ("研发投入强度超过3%的企业有27家。", ["27家"]), ("年产值不足500万元的作坊关停9家。", ["9家"]),
        ("超过90%的经营户完成整改。", ["超过90%"]),
    ])
    func readsABoundBeforeTheNumberAsPartOfTheSubject(text: String, quotes: [String]) {
        #expect(metrics(text).map(\.text) == quotes)
    }

    // MARK: - Kind

    @Test(arguments: [
        ("共检查食品经营单位7家。", MetricKind.actual), ("预计全年完成投资85亿元。", .actual),
        ("计划改造老旧小区24个。", .target), ("力争新开工项目30个。", .target), ("拟申请额度18亿元。", .target),
        ("同比增长8.1%。", .change), ("比上年净增3个。", .change), ("下降0.2个百分点。", .change),
        ("合格率98.5%。", .ratio), ("完成年度计划的61.3%。", .ratio), ("为去年同期的1.5倍。", .ratio),
        ("对洪德路口150吨地衡进行检定。", .other), ("项目立项实现了24小时“即来即办”。", .other),
        ("按照年度抽检计划，完成抽检320批次。", .actual), ("截至10月底完成投资71.4亿元。", .actual),
    ])
    func decidesKind(text: String, kind: MetricKind) throws {
        let m = try #require(metrics(text).first)
        #expect(m.kind == kind)
    }

    @Test func aPlanSectionMakesItsFiguresTargets() {
        let text = "一、工作完成情况\n新建道路12公里。\n二、下一步工作打算\n新建道路15公里。\n"
        #expect(metrics(text).map(\.kind) == [.actual, .target])
    }

    @Test func aSummaryWithItsPlanAppendedIsResultsUntilThePlanHeading() {
        let text = "县交通运输局2026年工作总结及2027年工作打算\n一、项目建设\n新建道路12公里。\n二、2027年工作打算\n新建道路15公里。\n"
        #expect(metrics(text).map(\.kind) == [.actual, .target])
        #expect(metrics("县交通运输局2027年工作打算\n一、项目建设\n新建道路15公里。\n").map(\.kind) == [.target])
    }

    @Test(arguments: [
        "局党组把学习贯彻会议精神作为首要任务，组织集中学习9次。", "严格落实耕地保护目标责任，全县耕地保有量稳定在52.6万亩以上。",
    ])
    func aTaskOrResponsibilityNamedIsNoTarget(text: String) throws {
        #expect(try #require(metrics(text).first).kind == .actual)
    }

    @Test func anAreaBeforeADeadlineIsAnArea() throws {
        let m = try #require(metrics("确保新建高标准农田2.8万亩年底前全部验收。").first)
        #expect(m.value == 2.8)
        #expect(m.unit == "万亩")
        #expect(metrics("整治工作持续3个月。").isEmpty)
    }

    @Test func aTrainingToRaiseAbilityIsNoCapacity() throws {
        #expect(try #require(metrics("开展社区工作者能力提升培训4期。").first).kind == .actual)
    }

    @Test func aboutAfterConvertedIsAQualifier() throws {
        let m = try #require(metrics("发放慰问物资折合约二十八万元。").first)
        #expect(m.qualifier == .about)
        #expect(m.value == 28)
    }

    @Test func aspectsCountedInAPhraseAreNoMetric() {
        #expect(metrics("聚焦参保扩面、基金监管和经办服务三个方面，推动工作落实。").isEmpty)
    }

    @Test func taxesCollectedAreRevenue() {
        let found = metrics("完成增值税2.04亿元、企业所得税0.81亿元，分别增长3.6%和下降1.2%。")
        #expect(found.map(\.category) == Array(repeating: .economicIndicator, count: 4))
    }

    @Test func aFigureCutByAShortLineIsJoined() {
        let found = metrics("临时查封场所1\n6家，罚款42.\n6万元。")
        #expect(found.map(\.value) == [16, 42.6])
    }

    @Test func peopleBeforeAYearAreCountedAndAgesBeforeANounAreNot() {
        #expect(metrics("选派8名年轻干部到基层锻炼。").map(\.value) == [8])
        #expect(metrics("为0—6岁残疾儿童实施康复救助。").isEmpty)
        #expect(metrics("全县人均预期寿命达到78.6岁。").map(\.value) == [78.6])
    }

    @Test func aDutyScheduleIsNoMetricButAServicePromiseIs() {
        #expect(metrics("汛期实行24小时值班值守，城区实行24小时武装巡逻。").isEmpty)
        #expect(metrics("企业开办推行即来即办24小时办结。").map(\.value) == [24])
    }

    @Test func casesFilesAndSpotsAreUnits() {
        #expect(metrics("抽查行政执法案卷260卷，开展人工增雨作业41点次。").map(\.unit) == ["卷", "点次"])
    }

    @Test func aPlannedChangeIsATarget() {
        let found = metrics("下一步，力争规上工业增加值增长7%左右，净增规上企业12家。")
        #expect(found.map(\.kind) == [.target, .target])
    }

    @Test func aLongHeadingLineIsNotPartOfTheTextUnderIt() throws {
        // 能力 in the heading once made the figure below a capacity (kind other).
        let m = try #require(metrics("一、抓学习促提升，增强干部履职能力\n局党组组织集中学习12次。").first)
        #expect(m.kind == .actual)
        #expect(m.section == "一、抓学习促提升，增强干部履职能力")
    }

    @Test func pairsAreCountedButOneToOneIsNoFigure() {
        #expect(metrics("办理婚姻登记980对，开展一对一帮扶。").map(\.unit) == ["对"])
    }

    @Test func rhetoricalCountsAreNoMetrics() {
        #expect(metrics("守牢两条底线，聚焦三项重点，推动工作落实。").isEmpty)
    }

    @Test func vagueCountsAndCollectionMetadataAreNoMetrics() {
        #expect(metrics("引进数十家企业，产值实现两位数增长。").isEmpty)
        #expect(metrics("县商务局2026年前三季度工作总结（2篇）\n新增企业12家。").map(\.value) == [12])
    }

    @Test func aChangeIsNoTotalOfThePartsAfterIt() {
        let found = metrics("“四上”企业达到241家，比上年末净增18家，其中规模以上工业企业87家。")
        #expect(found.map(\.role) == [.total, nil, .part])
        #expect(found[2].kind == .actual)
        #expect(found[2].totalIndex == 0)
    }

    @Test func aWaitingTimeHeldWithinABoundIsAPromise() throws {
        #expect(try #require(metrics("窗口群众平均等候时间控制在20分钟以内。").first).kind == .other)
    }

    @Test func aHolidayIsNoFigure() {
        #expect(metrics("国庆中秋8天假期，全县接待游客42.6万人次。").map(\.value) == [42.6])
    }

    @Test func aSumAfterTheYuanSignIsInYuan() {
        let found = metrics("发放补贴资金¥32,000,000.00，另拨付￥12.5万。")
        #expect(found.map(\.unit) == ["元", "万元"])
        #expect(found.map(\.baseValue) == [32_000_000, 125_000])
    }

    @Test func foreignCurrencyKeepsItsOwnBase() throws {
        let m = try #require(metrics("实际利用外资640万美元。").first)
        #expect(m.baseValue == 6_400_000)
        #expect(m.baseUnit == "美元")
        #expect(m.indicator == nil)
    }

    // MARK: - Category

    @Test(arguments: [
        ("作出警告2起。", MetricCategory.penalty), ("罚款12.5万元。", .penalty),
        ("对2家无证经营主体立案查处。", .enforcementCase), ("抽检15批次样品。", .sampling),
        ("检查学校食堂186家。", .inspection), ("排查隐患57处。", .inspection), ("举办培训班12期。", .trainingMeeting),
        ("完成投资4.2亿元。", .investment), ("新开工项目65个。", .projects), ("下达补助资金456万元。", .funding),
        ("全县现有规上工业企业58家。", .enterprise), ("出动执法人员215人次。", .personnel),
        ("惠及困难学生9300余名。", .population), ("实现社会消费品零售总额186.4亿元。", .economicIndicator),
        ("统筹协调29家相关责任单位。", .other), ("对18项国评指标进行调度。", .other),
    ])
    func decidesCategory(text: String, category: MetricCategory) throws {
        let m = try #require(metrics(text).first)
        #expect(m.category == category)
    }

    /// Rules from the lexicon review by department and the eighth held-out round (m01–m12).
    @Test(arguments: [
        ("新发展工会会员860人。", MetricCategory.population), ("建成地震监测台站5个。", .other),
        ("门诊报销2.3万人次。", .population), ("归集住房公积金6.2亿元。", .funding),
        ("融媒体账号粉丝达到12万人。", .population), ("办理劳动争议案件64件。", .other),
        ("打掉犯罪团伙3个。", .enforcementCase),
        // The second lexicon review and the tenth round (p01–p12).
        ("全镇共有党员1860名。", .population), ("举办村党组织书记轮训班4期。", .trainingMeeting),
        ("批准逮捕犯罪嫌疑人46人。", .enforcementCase), ("给予党纪政务处分21人。", .penalty),
        ("全年售电量4.6亿千瓦时。", .economicIndicator),
        // The eleventh round (q01–q12, “三抓三促” reports of the common departments).
        ("举办“市监大讲堂”7期。", .trainingMeeting), ("惠及困难家庭860户。", .population),
        ("发放职业培训补贴资金152万元。", .funding),
    ])
    func decidesCategoryOfTheEighthRound(text: String, category: MetricCategory) throws {
        let m = try #require(metrics(text).first)
        #expect(m.category == category, "\(m)")
    }

    @Test func countsTransactionsInTheirOwnUnit() throws {
        let m = try #require(metrics("发放个人住房贷款318笔。").first)
        #expect(m.unit == "笔")
    }

    /// Rules added after the seventh held-out round (k01–k12), each in sentences of our own.
    @Test(arguments: [
        // A legal-service case is not a case of enforcement; demolishing illegal buildings is.
        ("办理法律援助案件215件。", MetricCategory.other), ("受理劳动仲裁案件38件。", .other),
        ("拆除违法建筑42处。", .enforcementCase), ("依法拆除违建3200平方米。", .enforcementCase),
        // Sales, yields and research spending are economic indicators.
        ("全年研发投入2.6亿元。", .economicIndicator), ("实现销售总额3.8亿元。", .economicIndicator),
        ("帮助农户销售特色农产品460万元。", .economicIndicator), ("玉米亩产达到612公斤。", .economicIndicator),
        // People counted beside a word of money received it; people under correction and audiences are population.
        ("发放住房租赁补贴372户。", .population), ("在册社区矫正对象88人。", .population),
        ("吸引现场观众2.4万人次。", .population),
    ])
    func decidesCategoryOfTheSeventhRound(text: String, category: MetricCategory) throws {
        let m = try #require(metrics(text).first)
        #expect(m.category == category, "\(m)")
    }

    @Test func countsVisitsToItemsInTheirOwnUnit() throws {
        let m = try #require(metrics("督查在建工程项目96个次。").first)
        #expect(m.value == 96)
        #expect(m.unit == "个次")
    }

    @Test func aRateTakesTheCategoryOfTheFigureBeforeIt() {
        let found = metrics("1-6月完成投资97.3亿元，完成年度计划的57.9%，同比增长8.6%。")
        #expect(found.map(\.category) == [.investment, .investment, .investment])
        #expect(found.map(\.kind) == [.actual, .ratio, .change])
    }

    @Test func guidanceHandedOutAfterAPenaltyIsNoPenalty() {
        let found = metrics("立案十五件，罚没款10.36万元，向经营主体发放合规经营提示书132份。")
        #expect(found.map(\.category) == [.enforcementCase, .penalty, .other])
    }

    @Test func goodsAndPeopleOfAnActivityBelongToIt() {
        let found = metrics("查处超限车辆213辆，卸载货物6100吨；开展应急演练46场，参演人员5800余人次。")
        #expect(found.map(\.category) == [.enforcementCase, .enforcementCase, .trainingMeeting, .trainingMeeting])
    }

    @Test func aNeighbourInAnotherUnitReadsTheWordsOfItsItem() {
        let found = metrics("报告法定传染病17种1263例；发放生活补助8460人次、486.5万元。")
        #expect(found.map(\.value) == [17, 1263, 8460, 486.5])
        #expect(found[1].category == .population)
        #expect(found[3].category == .funding)
    }

    @Test func aNewCountOfAStockCountsWhatTheStockCounts() {
        let found = metrics("限额以上商贸企业达到63家，新增11家；星级农家乐达到85家；覆盖重点人群6.8万人。")
        #expect(found.map(\.category) == [.enterprise, .enterprise, .enterprise, .population])
    }

    @Test func actionAndSubjectComeFromTheClause() throws {
        let found = metrics("目前共检查化肥经营单位7家，出动215人次，共检查了186家学校食堂。")
        #expect(found.map(\.action) == ["检查", "出动", "检查"])
        #expect(found[0].subject == "化肥经营单位")
        #expect(found[2].subject == "学校食堂")
    }

    // MARK: - Enumerations, totals and parts

    @Test func splitsAnEnumerationIntoOneMetricEach() {
        let found = metrics("检查发现问题的机构分别为3家、5家和7家。")
        #expect(found.map(\.value) == [3, 5, 7])
        #expect(Set(found.map(\.category)) == [.inspection])
    }

    @Test func aListOfNumbersSharesItsUnit() {
        let found = metrics("对三地分别检查3、5、7家。")
        #expect(found.map(\.value) == [3, 5, 7])
        #expect(found.map(\.unit) == ["家", "家", "家"])
    }

    @Test func marksTheTotalAndItsParts() throws {
        let found = metrics("共检查653家，其中学校食堂186家、校外托管机构35家，出动执法人员80人次。")
        #expect(found.map(\.role) == [.total, .part, .part, nil])
        #expect(found[1].totalIndex == 0)
        #expect(found[2].totalIndex == 0)
    }

    @Test func matchesPartsToTheTotalOfTheSameUnit() {
        let found = metrics("全县共有低保对象8621户14537人，其中城市低保1326户2185人。")
        #expect(found.map(\.role) == [.total, .total, .part, .part])
        #expect(found[2].totalIndex == 0)
        #expect(found[3].totalIndex == 1)
    }

    @Test func aTotalAfterItsPartsClosesTheList() throws {
        let found = metrics("出动执法人员470人次，检查夜市摊点515家、学校食堂342家、冷饮店171家，合计1028家，下达通知书13份。")
        #expect(found.map(\.role) == [nil, .part, .part, .part, .total, nil])
        #expect(found[1].totalIndex == 4)
        #expect(found[3].totalIndex == 4)
        #expect(found[4].indicator == "inspection.entities_checked")
    }

    @Test func figuresThatAddUpToAFigureBeforeThemAreItsParts() {
        let found = metrics("全年完成各类交易项目412个。工程建设、政府采购和产权交易分别完成160个、230个和22个。")
        #expect(found.map(\.role) == [.total, .part, .part, .part])
        #expect(found[2].totalIndex == 0)
        #expect(found.map(\.category) == Array(repeating: .projects, count: 4))
        // One short of the sum: a coincidence of units, not a breakdown.
        let apart = metrics("全年完成各类交易项目412个。工程建设、政府采购和产权交易分别完成160个、230个和21个。")
        #expect(apart.map(\.role) == [nil, nil, nil, nil])
    }

    @Test func aRunningTotalIsNoSumOfTheFiguresBefore() {
        let found = metrics("一月新增5家、二月新增3家，累计达到120家。")
        #expect(found.map(\.role) == [nil, nil, nil])
    }

    @Test func partsNamedWithFenbieweiBelongToTheFigureBefore() {
        let found = metrics("二季度新开工项目6个，分别为产业类项目4个、基础设施类项目1个、社会民生类项目1个。")
        #expect(found.map(\.role) == [.total, .part, .part, .part])
        #expect(found[3].totalIndex == 0)
        let traditional = metrics("共檢查各類經營主體420家，分別為餐飲服務單位260家、學校食堂64家。")
        #expect(traditional.map(\.role) == [.total, .part, .part])
        let alone = metrics("检查发现问题的机构分别为3家、5家和7家。")
        #expect(alone.map(\.role) == [nil, nil, nil])
    }

    @Test func aServiceInANameIsNoAction() {
        let found = metrics("二季度新开工市政基础设施和公共服务项目12个。")
        #expect(found.first?.action == "新开工")
        #expect(found.first?.indicator == "projects.started")
    }

    @Test func growthRatesAreNeverParts() {
        let found = metrics("生产总值156.8亿元，增长6.3%。其中，第一产业增加值28.4亿元，增长5.1%。")
        #expect(found.map(\.role) == [.total, nil, .part, nil])
    }

    @Test func rangesGiveOneFigure() {
        let found = metrics("有5-8家尚未达标，另有3至5所学校在改造。")
        #expect(found.map(\.value) == [5, 3])
        #expect(found.map(\.text) == ["5-8家", "3至5所"])
    }

    @Test func fractionsAreShares() throws {
        let m = try #require(metrics("约三分之一的经营者已亮照。").first)
        #expect(m.unit == "%")
        #expect(abs(m.value - 33.33) < 0.01)
        #expect(m.kind == .ratio)
    }

    // MARK: - Offsets

    @Test(arguments: [
        "\u{FEFF}共检查企业12家，抽检30批次。", "##paidbegin##共检查企业１２家，抽检３０批次。##paidend##",
        "共檢查企業12家，罰款3.5萬元。", "県\r\n共检查企业12家，\u{200B}抽检30批次。\r\n",
        "我们共检查了企业12\n3家，并对其中的加油站点开展了细致全面的专项抽检工作共30\n批次。",
    ])
    func offsetsPointIntoTheTextAsGiven(text: String) {
        let found = metrics(text)
        #expect(!found.isEmpty)
        for m in found {
            #expect(scalarSlice(text, m.start, m.end) == m.text)
        }
    }

    @Test func readsTraditionalCharactersAsSimplified() throws {
        let found = metrics("對12家單位立案查處，罰款共計18.5萬元，培訓780人次。")
        #expect(found.map(\.category) == [.enforcementCase, .penalty, .trainingMeeting])
        #expect(found[1].baseValue == 185000)
        #expect(found[1].text == "18.5萬元")
    }

    @Test func joinsAFigureBrokenAcrossLines() throws {
        let text = "本季度县市场监管局联合多部门开展专项检查行动，共检查企业12\n3家，责令整改9家。"
        let found = metrics(text)
        #expect(found.first?.value == 123)
        #expect(found.first?.text == "12\n3家")
    }

    // MARK: - Documents and sections

    @Test func findsSeveralReportsWithTitleDepartmentAndLevel() throws {
        let text = """
            安全生产月活动总结汇编
            （2篇）
            县应急管理局安全生产月活动总结
            县应急管理局组织检查企业215家。

            市交通运输局安全生产月活动总结
            市交通运输局共检查客运车辆312辆次。
            """
        let reports = extractor.extract(text)
        #expect(reports.count == 2)
        #expect(reports.map(\.title) == ["县应急管理局安全生产月活动总结", "市交通运输局安全生产月活动总结"])
        #expect(reports.map(\.department) == ["县应急管理局", "市交通运输局"])
        #expect(reports.map(\.level) == ["县", "市"])
        #expect(reports.map { $0.metrics.map(\.document) } == [[1], [2]])
        #expect(reports[1].start == reports[0].end)
    }

    @Test func attachesTheSectionHeading() {
        let text = "一、聚焦项目建设\n推进项目83个。\n（一）强化监管。检查企业12家。\n二、在执行上铆足劲\n抽检15批次。\n"
        let found = metrics(text)
        #expect(found.map(\.section) == ["一、聚焦项目建设", "（一）强化监管", "二、在执行上铆足劲"])
    }

    @Test func mapsFiguresToCatalogIndicators() {
        let found = metrics("共检查化肥经营单位7家，抽检15批次，出动215人次，对2家立案查处，作出警告2起，统筹协调29家单位。")
        #expect(
            found.map(\.indicator) == [
                "inspection.entities_checked", "sampling.batches", "personnel.dispatched", "enforcement.cases_filed",
                "penalty.warnings", nil,
            ]
        )
    }

    // MARK: - Robustness

    @Test func emptyTextAndTextWithoutFiguresGiveOneEmptyReport() {
        #expect(extractor.extract("").flatMap(\.metrics).isEmpty)
        #expect(extractor.extract("扎实推进各项工作，取得明显成效。").flatMap(\.metrics).isEmpty)
        #expect(extractor.extract("").count == 1)
    }

    @Test func aVeryLongLineIsRead() {
        let clause = "检查企业12家，"
        let line = String(repeating: clause, count: 50_000 / clause.count + 1)
        let found = metrics(line)
        #expect(found.count == 50_000 / clause.count + 1)
        #expect(found.last.map { scalarSlice(line, $0.start, $0.end) } == "12家")
    }

    @Test func digitsAndNoiseWithoutUnitsGiveNothing() {
        let noise = String(repeating: "0123456789 abc ，。；1.2.3.4 -- ## ", count: 2000)
        #expect(metrics(noise).isEmpty)
    }
}

@Suite struct StreamingTests {
    @Test func streamingGivesTheSameMetricsAsCollecting() throws {
        let extractor = try Extractor.bundled()
        let text = """
            县应急管理局安全生产月活动总结
            检查企业215家，其中化工企业12家。
            组织演练96场，参演人员1.2万人次。

            县交通运输局安全生产月活动总结
            共检查客运车辆312辆次，其中班线客车200辆次。
            """
        let collected = extractor.extract(text)
        var streamed: [Metric] = []
        let headers = extractor.extract(text) { streamed.append($0) }
        #expect(streamed == collected.flatMap(\.metrics))
        #expect(headers.map(\.title) == collected.map(\.title))
        #expect(headers.allSatisfy { $0.metrics.isEmpty })
        #expect(streamed.last?.totalIndex == 0)
    }

    @Test func aLineWithoutBreaksIsReadInPieces() throws {
        let extractor = try Extractor.bundled()
        let text = String(repeating: "检查企业12家，抽检30批次。", count: 20_000)
        var count = 0
        var lastEnd = 0
        let scalars = Array(text.unicodeScalars)
        _ = extractor.extract(text) { metric in
            count += 1
            lastEnd = metric.end
            if count % 997 == 0 {
                var v = String.UnicodeScalarView()
                v.append(contentsOf: scalars[metric.start..<metric.end])
                #expect(String(v) == metric.text)
            }
        }
        #expect(count == 40_000)
        #expect(lastEnd == scalars.count - 1)
    }
}

@Suite struct StructureTests {
    let extractor = try! Extractor.bundled()

    @Test func anUnnumberedSubheadingDoesNotStartANewReport() {
        let text = "县水务局2024年工作总结\n今年完成投资2.1亿元。\n主要工作完成情况\n新建水库3座。\n"
        let reports = extractor.extract(text)
        #expect(reports.count == 1)
        #expect(reports[0].metrics.last?.section == "主要工作完成情况")
    }

    @Test(arguments: [("检查餐饮单位近千家。", 1000.0), ("培训逾百人。", 100), ("受益群众近万人。", 10000)])
    func readsARoundNumberAfterAQualifier(text: String, value: Double) throws {
        let m = try #require(extractor.extract(text).flatMap(\.metrics).first)
        #expect(m.value == value)
        #expect(m.qualifier != nil)
    }

    @Test func roundNumeralsAloneAreWords() {
        #expect(extractor.extract("千方百计服务百姓，万家灯火。").flatMap(\.metrics).isEmpty)
    }
}
