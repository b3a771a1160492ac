import JSONText

/// The first member of a command document that no `command` document takes (docs/COMMANDS.md), as its path;
/// nil when there is none. Refused rather than ignored, so that a misspelt field never vanishes unseen.
func unknownMember(of document: [String: JSONValue], command: String) -> String? {
    // Sorted only when there is one to name, so that the first named is always the same.
    func firstUnknown(_ members: [String: JSONValue], _ isKnown: (String) -> Bool) -> String? {
        guard members.keys.contains(where: { !isKnown($0) }) else { return nil }
        return members.keys.sorted().first { !isKnown($0) }
    }
    if let name = firstUnknown(document, { documentMembers.contains($0) || $0 == command }) { return name }
    if case .object(let actor)? = document["actor"], let name = firstUnknown(actor, { $0 == "id" || $0 == "role" }) {
        return "actor.\(name)"
    }
    // A command's own object may carry the command id too, as the service takes it from a body.
    let fields = commandMembers[command] ?? ["id"]
    if case .object(let members)? = document[command], let name = firstUnknown(members, { fields.contains($0) }) {
        return "\(command).\(name)"
    }
    return nil
}

private let documentMembers: Set<String> = ["id", "actor", "complaint", "merchant", "report"]

/// Each command's fields and `id`, made once.
private let commandMembers: [String: Set<String>] = Dictionary(uniqueKeysWithValues: CommandTarget.allCases.flatMap(\.commands).map { command in
    (command, Set(CommandField.of(command).map(\.name)).union(["id"]))
})
