import Foundation
import HuibaoCore
import Testing

@testable import HuibaoCLI

@Suite struct MetricsSheetTests {
    let catalog = Catalog(indicators: [
        Indicator(code: "inspection.entities_checked", name: "检查", unit: "家", category: .inspection),
        Indicator(code: "investment.amount", name: "投资", unit: "元", category: .investment),
    ])

    func sheet(rows: [String]) -> String {
        (["indicator,value,unit,qualifier,kind,subject"] + rows).joined(separator: "\r\n") + "\r\n"
    }

    @Test func readsRowsWithBaseValuesAndSpans() throws {
        let text =
            "\u{FEFF}"
            + sheet(rows: [
                "inspection.entities_checked,38,家,,actual,药品经营单位",
                "investment.amount,2.5,亿元,以上,target,\"重点项目, 续建\"",
            ])
        let parsed = try MetricsSheet.parse(text, file: "m.csv", catalog: catalog)
        #expect(parsed.metrics.count == 2)
        #expect(parsed.metrics[1].baseValue == 250_000_000)
        #expect(parsed.metrics[1].baseUnit == "元")
        #expect(parsed.metrics[1].qualifier == .above)
        #expect(parsed.metrics[1].kind == .target)
        #expect(parsed.metrics[1].subject == "重点项目, 续建")
        let scalars = Array(text.unicodeScalars)
        for metric in parsed.metrics {
            #expect(String(String.UnicodeScalarView(scalars[metric.start..<metric.end])) == metric.text)
        }
        #expect(parsed.metrics[0].text == "inspection.entities_checked,38,家,,actual,药品经营单位")
    }

    @Test func aBadRowIsNamedByItsLine() throws {
        var rows = (1...15).map { "inspection.entities_checked,\($0),家,,actual,单位\($0)" }
        rows.append("inspection.entities_checked,十二,家,,actual,单位16")  // line 17: header + 15 rows + this
        rows.append("inspection.entities_checked,3,家,,actual,单位17")
        do {
            _ = try MetricsSheet.parse(sheet(rows: rows), file: "figures.csv", catalog: catalog)
            Issue.record("a bad row was accepted")
        } catch let error as InputError {
            #expect(error.line == 17)
            #expect(error.description.hasPrefix("figures.csv:17:"))
            #expect(error.description.contains("十二"))
        }
    }

    @Test(arguments: [
        ("inspection.entities_checked,5,,,,", "unit"),
        ("no.such,5,家,,,", "catalog"),
        ("inspection.entities_checked,5,家,大约,,", "qualifier"),
        ("inspection.entities_checked,5,家,,planned,", "kind"),
        ("inspection.entities_checked,-5,家,,,", "number"),
        ("inspection.entities_checked,5,家", "fields"),
    ])
    func explainsWhatIsWrong(row: String, word: String) {
        do {
            _ = try MetricsSheet.parse(sheet(rows: [row]), file: "m.csv", catalog: catalog)
            Issue.record("accepted \(row)")
        } catch {
            #expect("\(error)".contains(word))
            #expect("\(error)".contains("m.csv:2"))
        }
    }

    @Test func anUnknownColumnIsRefused() {
        #expect(throws: InputError.self) {
            try MetricsSheet.parse("value,unit,colour\n1,家,red\n", file: "m.csv", catalog: catalog)
        }
    }
}
