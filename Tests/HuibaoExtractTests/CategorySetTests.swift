import Foundation
import HuibaoCore
import Testing

@testable import HuibaoExtract

@Suite struct CategorySetTests {
    @Test func positionsFollowThePrecedenceOfTheRules() {
        for (index, category) in MetricCategory.allCases.enumerated() {
            #expect(CategorySet.position(of: category) == index)
            #expect(CategorySet.category(at: index) == category)
        }
        var set = CategorySet()
        set.append(.other)
        set.append(.inspection)
        set.append(.enterprise)
        #expect(set.first == .inspection)
    }
}
