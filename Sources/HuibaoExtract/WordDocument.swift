import Foundation
import HuibaoCore
import ZIPFoundation

#if canImport(FoundationXML)
import FoundationXML
#endif

/// The paragraph text of a .docx: `word/document.xml`, one line per `<w:p>`, the `<w:t>` runs as its content.
enum WordDocument {
    static func text(of data: Data, file: String) throws(InputError) -> String {
        let xml: Data
        do {
            let archive = try Archive(data: data, accessMode: .read)
            guard let entry = archive["word/document.xml"] else {
                throw InputError(file: file, message: "not a Word document: no word/document.xml")
            }
            var buffer = Data()
            _ = try archive.extract(entry, skipCRC32: false) { buffer.append($0) }
            xml = buffer
        } catch let error as InputError {
            throw error
        } catch {
            throw InputError(file: file, message: "not a readable .docx (ZIP): \(error)")
        }
        let collector = ParagraphCollector()
        let parser = XMLParser(data: xml)
        parser.delegate = collector
        guard parser.parse() else {
            throw InputError(
                file: file,
                line: parser.lineNumber,
                message: "word/document.xml is not well-formed XML"
            )
        }
        return collector.lines.joined(separator: "\n")
    }
}

private final class ParagraphCollector: NSObject, XMLParserDelegate {
    var lines: [String] = []
    private var current = ""
    private var inText = false
    private var inParagraph = false

    func parser(
        _ parser: XMLParser,
        didStartElement elementName: String,
        namespaceURI: String?,
        qualifiedName qName: String?,
        attributes attributeDict: [String: String] = [:]
    ) {
        switch elementName {
        case "w:p":
            inParagraph = true
            current = ""
        case "w:t": inText = true
        case "w:tab": current += "\t"
        case "w:br": current += "\n"
        default: break
        }
    }

    func parser(
        _ parser: XMLParser,
        didEndElement elementName: String,
        namespaceURI: String?,
        qualifiedName qName: String?
    ) {
        switch elementName {
        case "w:p":
            lines.append(current)
            current = ""
            inParagraph = false
        case "w:t": inText = false
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inText { current += string }
    }
}
