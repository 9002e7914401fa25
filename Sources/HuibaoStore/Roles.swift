import Foundation
public import LibPQ

/// Department writers' logins. The server creates the role (huibao.grant_department, SECURITY DEFINER) so that
/// the name is quoted by PostgreSQL, never spliced into SQL by the client.
public struct Roles {
    let db: Connection

    public init(_ db: Connection) {
        self.db = db
    }

    public func grantDepartment(_ department: Department, login: String, password: String) throws {
        guard login.range(of: "^[a-z_][a-z0-9_]{0,62}$", options: .regularExpression) != nil else {
            throw StoreError(.invalid, "login '\(login)' is not allowed: use lower-case letters, digits and _")
        }
        guard password.count >= 8 else { throw StoreError(.invalid, "the password needs at least 8 characters") }
        do {
            try db.transaction { db in
                _ = try db.query(
                    "SELECT huibao.grant_department($1, $2, $3)",
                    [.text(login), .text(password), .int(Int(department.id))]
                )
            }
        } catch let error as PostgresError {
            throw StoreFailure.map(error)
        }
    }
}
