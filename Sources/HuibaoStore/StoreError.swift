/// A domain error from the store: what went wrong in the user's terms, never a raw SQLSTATE.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        enum Base: String { case notFound, ambiguous, invalid, conflict, forbidden, migration, unavailable }
        let base: Base
        public static let notFound = Code(base: .notFound)
        public static let ambiguous = Code(base: .ambiguous)
        public static let invalid = Code(base: .invalid)
        public static let conflict = Code(base: .conflict)
        public static let forbidden = Code(base: .forbidden)
        public static let migration = Code(base: .migration)
        public static let unavailable = Code(base: .unavailable)
        public var description: String { base.rawValue }
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
