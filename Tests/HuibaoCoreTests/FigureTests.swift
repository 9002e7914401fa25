import Testing

@testable import HuibaoCore

@Suite struct FigureTests {
    let catalog = Catalog(indicators: [
        Indicator(code: "inspection.entities_checked", name: "检查", unit: "家", category: .inspection),
        Indicator(code: "sampling.pass_rate", name: "合格率", unit: "%", category: .sampling, regionAggregation: .avg),
    ])

    func metric(
        _ value: Double,
        _ indicator: String?,
        kind: MetricKind = .actual,
        role: MetricRole? = nil,
        total: Int? = nil,
        qualifier: Qualifier? = nil,
        subject: String? = nil
    ) -> Metric {
        Metric(
            start: 0,
            end: 1,
            text: "x",
            value: value,
            unit: "家",
            qualifier: qualifier,
            kind: kind,
            indicator: indicator,
            subject: subject,
            role: role,
            totalIndex: total
        )
    }

    @Test func partsDoNotAddToTheirTotal() {
        let metrics = [
            metric(653, "inspection.entities_checked", role: .total, subject: "经营单位"),
            metric(186, "inspection.entities_checked", role: .part, total: 0, subject: "学校食堂"),
            metric(346, "inspection.entities_checked", role: .part, total: 0, subject: "校园周边"),
        ]
        let figures = Figure.compute(metrics, catalog: catalog)
        #expect(figures == [Figure(indicator: "inspection.entities_checked", value: 653, count: 1, lowerBound: false)])
    }

    @Test func separateFiguresAddUpAndLowerBoundsPropagate() {
        let metrics = [
            metric(186, "inspection.entities_checked", subject: "学校食堂"),
            metric(121, "inspection.entities_checked", qualifier: .plus, subject: "夜市摊点"),
        ]
        let figure = Figure.compute(metrics, catalog: catalog).first
        #expect(figure?.value == 307)
        #expect(figure?.lowerBound == true)
    }

    @Test func targetsAndUnclassifiedFiguresDoNotCount() {
        let metrics = [
            metric(500, "inspection.entities_checked", kind: .target),
            metric(9, nil),
        ]
        #expect(Figure.compute(metrics, catalog: catalog).isEmpty)
    }

    @Test func averagesKeepTheirCount() {
        let metrics = [
            metric(98, "sampling.pass_rate", kind: .ratio),
            metric(96, "sampling.pass_rate", kind: .ratio, subject: "b"),
        ]
        let figure = Figure.compute(metrics, catalog: catalog).first
        #expect(figure?.value == 194)
        #expect(figure?.count == 2)
    }

    @Test func aRestatementCountsOnce() {
        let metrics = [
            metric(38, "inspection.entities_checked", subject: "药店"),
            metric(38, "inspection.entities_checked", subject: "药店"),
        ]
        #expect(Figure.compute(metrics, catalog: catalog).first?.value == 38)
    }
}
