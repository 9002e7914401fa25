import Foundation
import HuibaoCore
import Testing

@testable import HuibaoExtract

@Suite struct LexiconTests {
    @Test(arguments: ["A", "C", "M", "N", "P", "T", "W", "Y", "m"])
    func namedFlagsAreTheirLetters(letter: String) {
        let named: [String: Lexicon.Flag] = [
            "A": .A, "C": .C, "M": .M, "N": .N, "P": .P, "T": .T, "W": .W, "Y": .Y, "m": .m,
        ]
        #expect(named[letter]?.rawValue == Lexicon.bit(Character(letter)))
    }

    @Test func everyLexiconLineParses() {
        let lines = Lexicon.table.split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        #expect(Lexicon.entries.count == lines.count)
        #expect(Lexicon.entries.allSatisfy { $0.flags != 0 })
    }

    @Test func findsLeftmostLongestWords() {
        let text = "市计量院授权县质量检测所检定".unicodeScalars.map(\.value)
        let words = Lexicon.hits(in: text, from: 0, to: text.count).map { Lexicon.entries[$0.entry].text }
        #expect(words == ["计量院", "授权", "检测所", "检定"])
    }
}
