import JSONText

/// The first member of a command document that no `command` document takes (docs/COMMANDS.md), as its path;
/// nil when there is none. Refused rather than ignored, so that a misspelt field never vanishes unseen.
func unknownMember(of document: [String: JSONValue], command: String) -> String? {
    let allowed: Set = ["id", "actor", "complaint", "merchant", "report", command]
    if let name = document.keys.sorted().first(where: { !allowed.contains($0) }) { return name }
    if case .object(let actor)? = document["actor"], let name = actor.keys.sorted().first(where: { $0 != "id" && $0 != "role" }) {
        return "actor.\(name)"
    }
    // A command's own object may carry the command id too, as the service takes it from a body.
    let fields = Set(CommandField.of(command).map(\.name)).union(["id"])
    if case .object(let members)? = document[command], let name = members.keys.sorted().first(where: { !fields.contains($0) }) {
        return "\(command).\(name)"
    }
    return nil
}
