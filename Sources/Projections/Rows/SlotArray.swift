/// Values by slot (0, 1, 2 …), in blocks of a fixed size.
///
/// An array that grows copies every value into one twice as large, and holds both copies while it does: at a
/// million complaints' facts, the rebuild's peak memory. Growing this adds a block and copies nothing.
struct SlotArray<Element> {
    private static var blockShift: Int { 14 }
    private static var blockMask: Int { (1 << blockShift) - 1 }

    private var blocks: [[Element]] = []
    private(set) var count = 0

    init() {}

    subscript(slot: Int) -> Element {
        get { blocks[slot >> Self.blockShift][slot & Self.blockMask] }
        // In place: a value changed through the subscript is not copied out and back.
        _modify { yield &blocks[slot >> Self.blockShift][slot & Self.blockMask] }
    }

    mutating func append(_ element: Element) {
        if count & Self.blockMask == 0 {
            blocks.append([])
            blocks[blocks.count - 1].reserveCapacity(1 << Self.blockShift)
        }
        blocks[blocks.count - 1].append(element)
        count += 1
    }
}

extension SlotArray: Sendable where Element: Sendable {}
