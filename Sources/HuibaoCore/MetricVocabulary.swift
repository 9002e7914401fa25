/// Whether a figure is a result, a plan, a difference, a share, or something else (a capacity, a promise).
public enum MetricKind: String, Sendable, Hashable, CaseIterable, Codable {
    case actual, target, change, ratio, other
}

/// The words bound to a number that make it inexact: 700亿元以上, 2万余, 近三成.
public enum Qualifier: String, Sendable, Hashable, CaseIterable, Codable {
    case above = "以上"
    case plus = "余"
    case more = "多"
    case nearly = "近"
    case about = "约"
    case over = "超过"
    case breakthrough = "突破"
    case under = "不足"
    case below = "以下"
    case within = "以内"
    case around = "左右"

    /// The true figure is at least the written one; a sum containing it is a lower bound (shown as ≥).
    public var isLowerBound: Bool {
        switch self {
        case .above, .plus, .more, .over, .breakthrough: return true
        default: return false
        }
    }

    /// The true figure is at most the written one.
    public var isUpperBound: Bool {
        switch self {
        case .under, .below, .within: return true
        default: return false
        }
    }
}

/// What area of work a figure belongs to. The order of `allCases` is the labelling rules' precedence.
public enum MetricCategory: String, Sendable, Hashable, CaseIterable, Codable {
    case penalty
    case enforcementCase = "enforcement_case"
    case sampling
    case inspection
    case trainingMeeting = "training_meeting"
    case investment
    case projects
    case funding
    case enterprise
    case personnel
    case population
    case economicIndicator = "economic_indicator"
    case other
}

/// A report's total and its parts (共检查653家，其中学校食堂186家): rollups add totals or parts, never both.
public enum MetricRole: String, Sendable, Hashable, Codable {
    case total, part
}

/// Administrative level of a region (GB/T 2260).
public enum RegionLevel: String, Sendable, Hashable, CaseIterable, Codable {
    case province, prefecture, county
}
