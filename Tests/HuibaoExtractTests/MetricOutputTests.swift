import Foundation
import HuibaoCore
import Testing

@testable import HuibaoExtract

@Suite struct MetricOutputTests {
    @Test func writesTheContractFields() throws {
        let metric = Metric(
            document: 2,
            section: "二、在执行上铆足劲",
            start: 812,
            end: 823,
            text: "共检查\"单位\"7家",
            value: 7,
            unit: "家",
            kind: .actual,
            category: .inspection,
            indicator: "inspection.entities_checked",
            subject: "化肥经营单位",
            action: "检查"
        )
        let line = jsonLine(file: "r.txt", metric: metric)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["file"] as? String == "r.txt")
        #expect(object["document"] as? Int == 2)
        #expect(object["start"] as? Int == 812)
        #expect(object["text"] as? String == "共检查\"单位\"7家")
        #expect(object["base_value"] as? Int == 7)
        #expect(object["qualifier"] is NSNull)
        #expect(object["category"] as? String == "inspection")
        #expect(line.hasPrefix(#"{"file":"r.txt","document":2,"section":"二、在执行上铆足劲","start":812"#))
    }

    @Test func largeMoneyHasNoExponent() {
        let metric = Metric(start: 0, end: 6, text: "700亿元", value: 700, unit: "亿元", baseValue: 7e10, baseUnit: "元")
        #expect(jsonLine(file: "f", metric: metric).contains(#""base_value":70000000000,"#))
    }

    @Test func controlCharactersAreEscaped() {
        #expect(jsonQuoted("a\nb\u{1}") == #""a\nb\u0001""#)
    }
}
