import JSONText

/// A command document as its text holds it: the parts every document has, and the command's fields as written.
/// Read in one pass straight from the bytes (`read(_:)`), or taken from a document read whole when that pass
/// declines it (`init(members:command:)`), it is what the bounds, the request digest and the command are made of.
struct CommandText {
    /// A field's value as written, of the kinds a command's fields take (`CommandField.Kind`).
    enum Value: Equatable {
        case text(String), number(Int64), flag(Bool), null, texts([String])
    }

    let id: String
    let actorID: String
    let actorRole: String
    let target: CommandTarget
    /// The complaint id, merchant code or report id the target names.
    let subject: String
    /// The command's key, e.g. `accept`.
    let command: String
    /// The command's fields, in the text's order. A service body's `id`, which names the command rather than
    /// asking anything, is not among them.
    let fields: [(name: String, value: Value)]
    /// Targets given as `null` beside the one named: they name nothing, but they are part of what was asked.
    let nullTargets: [String]

    /// The value `name` is given, if it is given.
    func value(of name: String) -> Value? {
        for field in fields where field.name == name { return field.value }
        return nil
    }

    /// The parts of `members`, a document that has decoded as a command document with exactly one target and the
    /// one command `command`, and no member that command does not take; nil if it holds anything else.
    init?(members: [String: JSONValue], command: String) {
        guard case .string(let id)? = members["id"], case .object(let actor)? = members["actor"],
              case .string(let actorID)? = actor["id"], case .string(let actorRole)? = actor["role"] else { return nil }
        var target: (CommandTarget, String)?
        var fields: [(name: String, value: Value)] = []
        var nullTargets: [String] = []
        var hasCommand = false
        for (name, member) in members where name != "id" && name != "actor" {
            if member == .null, CommandTarget(rawValue: name) != nil {
                nullTargets.append(name)
            } else if let named = CommandTarget(rawValue: name), case .string(let subject) = member, target == nil {
                target = (named, subject)
            } else if name == command, case .object(let given) = member {
                hasCommand = true
                for (field, value) in given where field != "id" {
                    switch value {
                    case .string(let text): fields.append((field, .text(text)))
                    case .int(let number): fields.append((field, .number(number)))
                    case .bool(let flag): fields.append((field, .flag(flag)))
                    case .null: fields.append((field, .null))
                    case .array(let items):
                        var texts: [String] = []
                        for case .string(let text) in items { texts.append(text) }
                        guard texts.count == items.count else { return nil }
                        fields.append((field, .texts(texts)))
                    case .object: return nil
                    }
                }
            } else {
                return nil
            }
        }
        guard let target, hasCommand else { return nil }
        self.init(id: id, actorID: actorID, actorRole: actorRole, target: target.0, subject: target.1, command: command,
                  fields: fields, nullTargets: nullTargets)
    }

    init(id: String, actorID: String, actorRole: String, target: CommandTarget, subject: String, command: String,
         fields: [(name: String, value: Value)], nullTargets: [String]) {
        self.id = id
        self.actorID = actorID
        self.actorRole = actorRole
        self.target = target
        self.subject = subject
        self.command = command
        self.fields = fields
        self.nullTargets = nullTargets
    }
}
