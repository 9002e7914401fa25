import ArgumentParser
import Foundation
import HuibaoCore
import HuibaoStore

/// What to roll up; shared by `rollup` and `export`.
struct RollupOptions: ParsableArguments {
    @Option(help: "Region code or name (环县, 庆阳市, 620000); 000000 or 全国 for the whole country.")
    var region: String

    @Option(help: "Period: 2023 (year), 2023-H1, 2023-Q1 or 2023-03.")
    var period: String

    @Option(help: "Rows per child region (child) or per department/department kind (department).")
    var by: Split = .child

    @Option(
        name: .customLong("indicator"),
        help: "Only this indicator (code, such as inspection.entities_checked); repeat or separate with commas."
    )
    var indicators: [String] = []

    @Option(help: "Only departments of this kind (market_regulation, development_reform …).")
    var departmentKind: String?

    enum Split: String, ExpressibleByArgument, CaseIterable {
        case child, department
    }

    func validate() throws {
        guard Period(period) != nil else {
            throw ValidationError("--period '\(period)' is not a period: write 2023, 2023-H1, 2023-Q1 or 2023-03.")
        }
        if let kind = departmentKind, DepartmentKind.named(kind) == nil, DepartmentKind.matching(name: kind) == nil {
            let known = DepartmentKind.all.map(\.code).joined(separator: ", ")
            throw ValidationError("--department-kind '\(kind)' is not a department kind; known: \(known).")
        }
        guard !region.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ValidationError("--region is empty: give a code or a name, such as 庆阳市.")
        }
    }

    func query(explain: Bool = false) -> RollupQuery {
        let list = indicators.flatMap { $0.split(separator: ",") }
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        let kind = departmentKind.map {
            DepartmentKind.named($0)?.code ?? DepartmentKind.matching(name: $0)?.code ?? $0
        }
        return RollupQuery(
            region: region.trimmingCharacters(in: .whitespaces),
            period: Period(period)!,
            grouping: by == .child ? .child : .department,
            indicators: list.isEmpty ? nil : list,
            departmentKind: kind,
            explain: explain
        )
    }
}
