import Foundation
import HuibaoCore
import HuibaoStore

/// Generated report files for benchmarks: each report strings together about 30 figure-bearing clauses in the
/// style of county work reports, with varied numbers, so extraction and storage do real work.
enum ReportCorpus {
    struct File {
        var path: String
        var department: String
        var period: Period
    }

    static let kinds = ["market_regulation", "development_reform", "housing", "agriculture"]
    static let months = 10

    static let clauses = [
        "检查食品经营单位%d家", "抽检食品样品%d批次", "出动执法人员%d人次", "立案查处违法案件%d件",
        "受理投诉举报%d件", "开展业务培训%d场次", "新开工项目%d个", "排查安全隐患%d处",
        "整改到位%d处", "走访企业%d户", "巡查农贸市场%d个", "培训从业人员%d人次",
        "核查特种设备使用单位%d家", "抽查计量器具%d台", "办结行政许可%d件", "新增市场主体%d户",
        "检查药品零售企业%d家", "约谈经营主体%d家", "发放宣传资料%d份", "处置网络舆情%d起",
    ]

    static func countyCount(for reports: Int) -> Int {
        max(1, (reports + kinds.count * months - 1) / (kinds.count * months))
    }

    /// The first `count` counties of the bundled division list, by code: the departments the files name.
    static func counties(_ count: Int) throws -> [String] {
        let all = try ReferenceData.bundled().regions.filter { $0.level == .county }.map(\.code).sorted()
        return Array(all.prefix(count))
    }

    /// Writes `count` reports under `folder/<period>/<county code>-<kind>.txt`, the names `huibao submit` reads
    /// a department and period from (once: existing files are reused).
    static func write(count: Int, into folder: String) throws -> [File] {
        let manager = FileManager.default
        var files: [File] = []
        var generator = SplitMix(seed: 2026)
        let countyCodes = try counties(countyCount(for: count))
        outer: for month in 1...months {
            let period = Period(year: 2025, granularity: .month, index: month)!
            let dir = "\(folder)/\(period)"
            try manager.createDirectory(atPath: dir, withIntermediateDirectories: true)
            for county in countyCodes {
                for kind in kinds {
                    if files.count == count { break outer }
                    let path = "\(dir)/\(county)-\(kind).txt"
                    if !manager.fileExists(atPath: path) {
                        try report(county: county, kind: kind, period: period, random: &generator)
                            .write(toFile: path, atomically: false, encoding: .utf8)
                    }
                    files.append(File(path: path, department: "\(county)-\(kind)", period: period))
                }
            }
        }
        return files
    }

    static func report(county: String, kind: String, period: Period, random: inout SplitMix) -> String {
        var text = "\(county)\(kind)\(period)工作进展情况汇报\n"
        for (section, heading) in ["一、重点工作推进情况", "二、监管执法情况", "三、下一步工作打算"].enumerated() {
            text += heading + "\n"
            var sentence: [String] = []
            for _ in 0..<10 {
                let clause = clauses[Int(random.next() % UInt64(clauses.count))]
                sentence.append(String(format: clause, Int(random.next() % 900) + 12))
            }
            text += (section == 2 ? "下一步，" : "本月") + sentence.joined(separator: "，") + "。\n"
        }
        return text
    }
}

/// A small deterministic generator, so every run writes the same corpus.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
