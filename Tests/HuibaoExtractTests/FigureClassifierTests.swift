import HuibaoCore
import Testing

@testable import HuibaoExtract

/// What a rate, a change or a built work counts: the category rules that read more than the figure's own words.
@Suite struct FigureClassifierTests {
    let extractor = try! Extractor.bundled()

    private func categories(_ text: String) -> [String: MetricCategory] {
        Dictionary(
            extractor.extract(text).flatMap(\.metrics).map { ($0.text, $0.category) },
            uniquingKeysWith: { first, _ in first }
        )
    }

    @Test func aRateOrChangeOfPeopleCountsPeople() {
        let c = categories("城乡居民医保参保26.8万人，参保率稳定在96%以上。全县居民累计签约18.2万人，同比增长5.4%，签约率达到63.5%。")
        #expect(c["26.8万人"] == .population)
        #expect(c["96%以上"] == .population)
        #expect(c["5.4%"] == .population)
        #expect(c["63.5%"] == .population)
    }

    @Test func aRateNamedAfterSomethingElseDoesNotFollowThePeopleBeforeIt() {
        let c = categories("带动农户1.6万余人增收，全县农民专业合作社规范化率达到88%。")
        #expect(c["1.6万余人"] == .population)
        // …it is the rate of what it names: cooperatives.
        #expect(c["88%"] == .enterprise)
    }

    @Test func respectiveRatesPairWithTheFiguresBeforeThem() {
        let c = categories("全县共发生生产安全事故6起、死亡4人，同比分别下降25%和20%。")
        #expect(c["6起"] == .other)
        #expect(c["25%"] == .other)
        #expect(c["20%"] == .population)
    }

    @Test func respectiveRatesPairWithTheNamesBeforeThem() {
        let c = categories("与上年同期相比，道路交通事故起数、死亡人数、受伤人数分别下降12%、10.5%和8%。")
        #expect(c["12%"] == .other)
        #expect(c["10.5%"] == .population)
        #expect(c["8%"] == .population)
    }

    @Test(arguments: ["完成农村供水工程改造31处。", "新开工保障性租赁住房420套。", "老旧小区改造开工建设980套。"])
    func builtWorksAreProjects(text: String) {
        #expect(categories(text).values.first == .projects)
    }

    @Test func aChangeInACountOfEnterprisesIsAboutEnterprises() {
        let c = categories("全县新登记企业620家，同比增长8.2%。")
        #expect(c["620家"] == .enterprise)
        #expect(c["8.2%"] == .enterprise)
    }

    @Test func fundsInPlaceFromInvestorsAreInvestment() {
        let c = categories("招商引资实际到位资金12.5亿元，完成年度目标任务的76.4%。")
        #expect(c["12.5亿元"] == .investment)
        #expect(c["76.4%"] == .investment)
        // Money in place for a project funded from above is funding received.
        let funded = categories("第一批超长期特别国债支持项目3个，到位资金415万元。")
        #expect(funded["415万元"] == .funding)
    }

    @Test func staffNamedBeforeAVerbAreWhoActedNotWhoIsCounted() {
        #expect(categories("家庭医生累计签约18.2万人。").values.first == .population)
        #expect(categories("选派县级医院骨干医师下沉帮扶64名。").values.first == .personnel)
    }

    @Test func moneyRecoveredByEnforcementIsACaseAndThePeopleServedArePopulation() {
        let c = categories("受理欠薪案件40件，为388名农民工追回工资612万元。")
        #expect(c["388名"] == .population)
        #expect(c["612万元"] == .enforcementCase)
    }

    @Test func traineesAreTraining() {
        #expect(categories("组织参训干部420人次。").values.first == .trainingMeeting)
    }

    @Test func aChangeOfPeopleIsPopulationButNotItsCostsOrSatisfaction() {
        #expect(categories("全市道路交通事故死亡人数同比下降8.7%。").values.first == .population)
        #expect(categories("住院患者次均费用同比下降4.1%。").values.first == .other)
        #expect(categories("群众满意率达到98.6%。").values.first == .other)
    }

    @Test func aShareOfEnterprisesIsAboutEnterprises() {
        #expect(categories("有研发活动的规上企业占比达到41.5%。").values.first == .enterprise)
    }

    @Test func respectiveNamesOfMoneyAreNotPeople() {
        let c = categories("电诈案件发案数和群众损失金额分别下降18.5%和26.4%。")
        #expect(c["18.5%"] == .other)
        #expect(c["26.4%"] == .other)
    }

    @Test func spendingIsFunding() {
        let c = categories("一般公共预算支出完成21.4亿元，其中民生支出16.2亿元。")
        #expect(c["21.4亿元"] == .funding)
        #expect(c["16.2亿元"] == .funding)
    }

    @Test func studentsWhoPassedAndTheirRateArePopulation() {
        let c = categories("今年全县高考本科上线1520人，上线率63.2%，较上年提高2.1个百分点。")
        #expect(c["1520人"] == .population)
        #expect(c["63.2%"] == .population)
        #expect(c["2.1个百分点"] == .population)
    }

    @Test func aBenefitStandardIsFunding() {
        let c = categories("城市低保标准提高到每人每月705元，同比提高5.8%。")
        #expect(c["705元"] == .funding)
        #expect(c["5.8%"] == .funding)
    }

    @Test func aSumThatNamesNothingCountsWhatTheLastSumOfItsSentenceCounts() {
        let c = categories("全县固定资产投资完成41.2亿元，同比增长6.8%，完成年度目标55亿元的74.9%。其中工业投资13.6亿元，同比增长1.4倍。")
        #expect(c["55亿元"] == .investment)
        #expect(c["74.9%"] == .investment)
        #expect(c["1.4倍"] == .investment)
    }
}
