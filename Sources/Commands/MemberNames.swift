/// The names of a command document's members, and of the members of each object among them, read without
/// decoding a value: so that a member no command takes is named, whatever it holds.
struct MemberNames: Decodable {
    let top: [String]
    let nested: [String: [String]]

    private struct Name: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Name.self)
        top = container.allKeys.map(\.stringValue)
        var nested: [String: [String]] = [:]
        for key in container.allKeys {
            if let object = try? container.nestedContainer(keyedBy: Name.self, forKey: key) {
                nested[key.stringValue] = object.allKeys.map(\.stringValue)
            }
        }
        self.nested = nested
    }

    /// The first member that is not part of a command document for `command` (docs/COMMANDS.md), as a path.
    func unknown(command: String) -> String? {
        let allowed: Set = ["id", "actor", "complaint", "merchant", "report", command]
        if let name = top.sorted().first(where: { !allowed.contains($0) }) { return name }
        if let name = nested["actor"]?.sorted().first(where: { $0 != "id" && $0 != "role" }) { return "actor.\(name)" }
        // A command's body may carry the command id too, as the service takes it.
        let fields = Set(CommandField.of(command).map(\.name)).union(["id"])
        if let name = nested[command]?.sorted().first(where: { !fields.contains($0) }) { return "\(command).\(name)" }
        return nil
    }
}
