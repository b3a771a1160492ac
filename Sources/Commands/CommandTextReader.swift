import JSONText

extension CommandText {
    /// Reads a command document straight from its bytes, in one pass, without building a JSON value first: an
    /// import reads millions of them. It takes only what is plainly a document of one target and one of its
    /// commands, each member once, the command's own fields and nothing else, each field a string, a whole
    /// number, a flag, null or a list of strings. Anything else is nil: the caller reads such a text whole,
    /// which takes what this declines and names every fault (a member given twice among them).
    static func read(_ bytes: [UInt8]) -> CommandText? {
        var scanner = JSONScanner(bytes)
        return try? read(&scanner)
    }

    private static func read(_ scanner: inout JSONScanner) throws(JSONReader.Failure) -> CommandText {
        var id: String?
        var actor: (id: String, role: String)?
        var target: (CommandTarget, String)?
        var command: (key: String, fields: [(name: String, value: Value)])?
        var nullTargets: [String] = []
        var names: [String] = []
        try object(&scanner) { (name, scanner) throws(JSONReader.Failure) in
            guard !names.contains(name) else { throw scanner.failure("\(name) given twice") }
            names.append(name)
            if scanner.next == UInt8(ascii: "n") {
                try scanner.literal("null")
                // A target may be given as null beside the one named; another command may not be given at all.
                guard CommandTarget(rawValue: name) != nil else { throw scanner.failure("\(name) is null") }
                nullTargets.append(name)
            } else if name == "id" {
                id = try string(&scanner)
            } else if name == "actor" {
                var actorID: String?, role: String?
                try object(&scanner) { (name, scanner) throws(JSONReader.Failure) in
                    switch name {
                    case "id" where actorID == nil: actorID = try string(&scanner)
                    case "role" where role == nil: role = try string(&scanner)
                    default: throw scanner.failure("an actor's \(name)")
                    }
                }
                guard let actorID, let role else { throw scanner.failure("an actor without its id or role") }
                actor = (actorID, role)
            } else if let named = CommandTarget(rawValue: name), target == nil {
                target = (named, try string(&scanner))
            } else if let taken = commands[name], command == nil {
                command = (name, try fields(&scanner, taken))
            } else {
                throw scanner.failure("a member \(name)")
            }
        }
        scanner.skipWhiteSpace()
        guard scanner.atEnd else { throw scanner.failure("text after the document") }
        guard let id, !id.isEmpty, let actor, let target, let command, commands[command.key]?.target == target.0 else {
            throw scanner.failure("not one document of one target and one of its commands")
        }
        return CommandText(id: id, actorID: actor.id, actorRole: actor.role, target: target.0, subject: target.1,
                           command: command.key, fields: command.fields, nullTargets: nullTargets)
    }

    /// Each command's target, and the fields it takes.
    private static let commands: [String: (target: CommandTarget, fields: Set<String>)] = Dictionary(
        uniqueKeysWithValues: CommandTarget.allCases.flatMap { target in
            target.commands.map { ($0, (target, Set(CommandField.of($0).map(\.name)))) }
        })

    /// A command's object: the fields `taken` takes, each once, and perhaps the `id` a service body may carry.
    private static func fields(_ scanner: inout JSONScanner, _ taken: (target: CommandTarget, fields: Set<String>)) throws(JSONReader.Failure)
        -> [(name: String, value: Value)] {
        var fields: [(name: String, value: Value)] = []
        var hasID = false
        try object(&scanner) { (name, scanner) throws(JSONReader.Failure) in
            if name == "id", !hasID {
                hasID = true
                _ = try string(&scanner)
                return
            }
            guard taken.fields.contains(name), !fields.contains(where: { $0.name == name }) else { throw scanner.failure("a field \(name)") }
            fields.append((name, try value(&scanner)))
        }
        return fields
    }

    private static func value(_ scanner: inout JSONScanner) throws(JSONReader.Failure) -> Value {
        switch scanner.next {
        case UInt8(ascii: "\""):
            return .text(try scanner.string())
        case UInt8(ascii: "t"):
            try scanner.literal("true")
            return .flag(true)
        case UInt8(ascii: "f"):
            try scanner.literal("false")
            return .flag(false)
        case UInt8(ascii: "n"):
            try scanner.literal("null")
            return .null
        case UInt8(ascii: "["):
            _ = scanner.peek(UInt8(ascii: "["))
            var texts: [String] = []
            scanner.skipWhiteSpace()
            if scanner.peek(UInt8(ascii: "]")) { return .texts(texts) }
            repeat {
                scanner.skipWhiteSpace()
                texts.append(try string(&scanner))
                scanner.skipWhiteSpace()
            } while scanner.peek(UInt8(ascii: ","))
            guard scanner.peek(UInt8(ascii: "]")) else { throw scanner.failure("a ',' or ']' should follow an element") }
            return .texts(texts)
        default:
            return .number(try scanner.integer())
        }
    }

    private static func string(_ scanner: inout JSONScanner) throws(JSONReader.Failure) -> String {
        guard scanner.next == UInt8(ascii: "\"") else { throw scanner.failure("a string should be here") }
        return try scanner.string()
    }

    /// An object's members, each handed to `member` with the scanner at its value, which `member` reads.
    private static func object(_ scanner: inout JSONScanner,
                               _ member: (String, inout JSONScanner) throws(JSONReader.Failure) -> Void) throws(JSONReader.Failure) {
        scanner.skipWhiteSpace()
        guard scanner.peek(UInt8(ascii: "{")) else { throw scanner.failure("an object should be here") }
        scanner.skipWhiteSpace()
        if scanner.peek(UInt8(ascii: "}")) { return }
        repeat {
            scanner.skipWhiteSpace()
            let name = try string(&scanner)
            scanner.skipWhiteSpace()
            guard scanner.peek(UInt8(ascii: ":")) else { throw scanner.failure("a ':' should follow a member's name") }
            scanner.skipWhiteSpace()
            try member(name, &scanner)
            scanner.skipWhiteSpace()
        } while scanner.peek(UInt8(ascii: ","))
        guard scanner.peek(UInt8(ascii: "}")) else { throw scanner.failure("a ',' or '}' should follow a member") }
    }
}
