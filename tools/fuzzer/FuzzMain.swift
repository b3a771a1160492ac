import Foundation

#if FUZZING
/// libFuzzer's driver (`swiftc -sanitize=fuzzer`), run from the entry point SwiftPM gives an executable target,
/// so that libFuzzer's own `main` is not needed.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(_ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                     _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Int32

@_cdecl("fangxin_fuzz_main")
func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var count = argc
    var arguments = argv
    return runFuzzerDriver(&count, &arguments) { data, size in fuzzOneInput(data, size) }
}

/// One input for the target `FANGXIN_FUZZ_TARGET` names (libFuzzer's own `main`, linked too, calls it by name).
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    FuzzTarget.current.run(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
    return 0
}
#else
/// Without libFuzzer (an ordinary build): writes each target's seeds, or runs inputs through a target, as the
/// fuzzer would, so that a crash it found is replayed by a test.
///
///     fangxin-fuzz targets                 the targets' names
///     fangxin-fuzz seeds DIR               one folder of seeds per target, from real files
///     fangxin-fuzz run TARGET FILE...      each file as one input
@main
struct FuzzMain {
    static func main() async throws {
        let arguments = Array(CommandLine.arguments.dropFirst())
        switch arguments.first {
        case "targets" where arguments.count == 1:
            for target in FuzzTarget.allCases { print(target.rawValue) }
        case "seeds" where arguments.count == 2:
            try await FuzzSeeds.write(into: arguments[1])
        case "run" where arguments.count >= 3:
            guard let target = FuzzTarget(rawValue: arguments[1]) else {
                throw FuzzUsage("no target \(arguments[1]): \(FuzzTarget.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            for file in arguments.dropFirst(2) {
                target.run(Array(try Data(contentsOf: URL(fileURLWithPath: file))))
            }
            print("\(arguments.count - 2) inputs run through \(target.rawValue): none trapped")
        default:
            throw FuzzUsage("usage: fangxin-fuzz targets | fangxin-fuzz seeds DIR | fangxin-fuzz run TARGET FILE...")
        }
    }
}

struct FuzzUsage: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
#endif
