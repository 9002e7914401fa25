/// Bad input from a user's file: names the file, and the line or byte offset where it went wrong.
public struct InputError: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String?
    public var line: Int?
    /// A byte offset, for input that is not text at all.
    public var offset: Int?
    public var message: String

    public init(file: String? = nil, line: Int? = nil, offset: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.offset = offset
        self.message = message
    }

    public var description: String {
        var place = file ?? ""
        if let line { place += place.isEmpty ? "line \(line)" : ":\(line)" }
        if let offset { place += place.isEmpty ? "byte \(offset)" : " (byte \(offset))" }
        return place.isEmpty ? message : "\(place): \(message)"
    }
}
