import HuibaoCore
import HuibaoStore
import Testing

@testable import HuibaoCLI

@Suite struct TargetSheetTests {
    @Test func readsRowsAndEmptyKindMeansAllDepartments() throws {
        let rows = try TargetSheet.parse(
            "region_code,department_kind,indicator,period,value\n621022,,investment.amount,2026,1500000000\n621022,market_regulation,inspection.entities_checked,2026-Q1,400\n",
            file: "t.csv"
        )
        #expect(rows.count == 2)
        #expect(rows[0].departmentKind == nil)
        #expect(rows[1].period.description == "2026-Q1")
        #expect(rows[1].line == 3)
    }

    @Test func aBadPeriodNamesItsLine() {
        do {
            _ = try TargetSheet.parse(
                "region_code,department_kind,indicator,period,value\n621022,,investment.amount,2026-Q5,1\n",
                file: "t.csv"
            )
            Issue.record("accepted 2026-Q5")
        } catch let error as InputError {
            #expect(error.line == 2)
        } catch {
            Issue.record("\(error)")
        }
    }
}
