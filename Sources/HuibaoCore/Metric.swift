/// One figure a report states, with where it came from.
///
/// `start`/`end` count Unicode scalars in the decoded text as given, so `text == decoded[start..<end]`.
public struct Metric: Sendable, Hashable, Codable {
    public var document: Int
    public var section: String?
    public var start: Int
    public var end: Int
    public var text: String
    public var value: Double
    public var unit: String
    public var baseValue: Double
    public var baseUnit: String
    public var qualifier: Qualifier?
    public var kind: MetricKind
    public var category: MetricCategory
    public var indicator: String?
    public var subject: String?
    public var action: String?
    public var role: MetricRole?
    /// For a part: the index (within the same document's metrics) of its total.
    public var totalIndex: Int?
    /// A period the text itself names for this figure (一季度, 1-3月), when it governs it.
    public var period: String?

    public init(
        document: Int = 1,
        section: String? = nil,
        start: Int,
        end: Int,
        text: String,
        value: Double,
        unit: String,
        baseValue: Double? = nil,
        baseUnit: String? = nil,
        qualifier: Qualifier? = nil,
        kind: MetricKind = .actual,
        category: MetricCategory = .other,
        indicator: String? = nil,
        subject: String? = nil,
        action: String? = nil,
        role: MetricRole? = nil,
        totalIndex: Int? = nil,
        period: String? = nil
    ) {
        self.document = document
        self.section = section
        self.start = start
        self.end = end
        self.text = text
        self.value = value
        self.unit = unit
        // Without an explicit base the general rule applies. Extraction always gives one from its unit table,
        // and converting anyway cost a tenth of its time: a million metrics, each a few string comparisons.
        if let baseValue, let baseUnit {
            self.baseValue = baseValue
            self.baseUnit = baseUnit
        } else {
            let derived = BaseUnit.convert(value: value, unit: unit)
            self.baseValue = baseValue ?? derived.value
            self.baseUnit = baseUnit ?? derived.unit
        }
        self.qualifier = qualifier
        self.kind = kind
        self.category = category
        self.indicator = indicator
        self.subject = subject
        self.action = action
        self.role = role
        self.totalIndex = totalIndex
        self.period = period
    }
}

/// One report found in a file (a file can hold several, as a collection of 范文 does).
public struct ExtractedReport: Sendable, Hashable {
    public var document: Int
    public var title: String?
    /// The department as the text names it (市发展改革委, 县市场监管局).
    public var department: String?
    public var level: String?
    /// Scalar offsets of the report inside the decoded file.
    public var start: Int
    public var end: Int
    public var metrics: [Metric]

    public init(
        document: Int,
        title: String? = nil,
        department: String? = nil,
        level: String? = nil,
        start: Int,
        end: Int,
        metrics: [Metric] = []
    ) {
        self.document = document
        self.title = title
        self.department = department
        self.level = level
        self.start = start
        self.end = end
        self.metrics = metrics
    }
}

extension Double {
    /// The number as a person writes it: no exponent, no trailing `.0` (12000, 1.25, 70000000000).
    public var plainText: String {
        if self == rounded(), abs(self) < 1e18 { return String(Int64(self)) }
        var s = String(self)
        if s.contains("e") {
            // Fixed notation with enough digits, then trimmed.
            s = String(describing: self)
        }
        return s
    }
}
