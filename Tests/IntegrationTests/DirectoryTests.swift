import Foundation
import HuibaoCore
import HuibaoStore
import LibPQ
import Testing

@Suite(.enabled(if: TestDatabase.isConfigured)) struct DirectoryTests {
    @Test func countiesWithTheSameNameKeepTheirDepartmentsApart() throws {
        let fixture = try StoreFixture()
        let beijing = try fixture.department("110105", "market_regulation")
        let other = try fixture.db.query(
            "SELECT code FROM huibao.region WHERE name = '朝阳区' AND code <> '110105' ORDER BY code LIMIT 1"
        )
        let second = try fixture.department(try other.decode(String.self, row: 0, column: 0), "market_regulation")
        #expect(beijing.name == second.name)
        #expect(beijing.id != second.id)
        #expect(throws: StoreError.self) { try Directory(fixture.db).department("朝阳区市场监督管理局") }
        #expect(try Directory(fixture.db).department(String(second.id)).regionCode == second.regionCode)
    }

    @Test func aRegionIsFoundByCodeOrUniqueNameWithItsPath() throws {
        let fixture = try StoreFixture()
        let directory = Directory(fixture.db)
        #expect(try directory.region("环县").code == "621022")
        #expect(try directory.region("621022").pathDescription == "甘肃省 > 庆阳市 > 环县")
        // A municipality's district sits under its pseudo-prefecture.
        #expect(try directory.region("110105").pathNames == ["北京市", "北京市", "朝阳区"])
        do {
            _ = try directory.region("朝阳")
            Issue.record("an ambiguous name picked one region")
        } catch let error as StoreError {
            #expect(error.code == .ambiguous)
            #expect(error.message.contains("110105"))
        }
        #expect(throws: StoreError.self) { try directory.region("不存在县") }
    }
}
