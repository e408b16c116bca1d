import Testing
@testable import HTTPServer

/// Seeded, bounded fuzzing of the request-head parser: every input is incomplete, a head, or refused with a
/// specific status; nothing crashes or hangs, and a head found in a stream is found the same in its own bytes.
@Suite(.timeLimit(.minutes(1))) struct RequestHeadFuzzTests {
    private static let seeds = [
        "GET /healthz HTTP/1.1\r\nHost: relay\r\nUser-Agent: kube-probe/1.31\r\n\r\n",
        "POST /api/v2.0/companies(1)/customerPayments HTTP/1.1\r\nContent-Length: 12\r\nExpect: 100-continue\r\n\r\n{\"a\":\"b\"}xyz",
        "\r\nHEAD /metrics HTTP/1.0\nConnection: keep-alive\n\n",
        "PUT /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 3, 3\r\n\r\n",
    ].map { Array($0.utf8) }
    private static let statuses: Set<Int> = [400, 413, 431, 501, 505]

    @Test func everyInputIsIncompleteAHeadOrASpecificRefusal() {
        var random = SplitMix(seed: 0xF00D_0009)
        let maxHeader = 512, maxBody = 64
        var outcomes = (incomplete: 0, complete: 0, failure: 0)
        for index in 0..<4_000 {
            var input = random.pick(Self.seeds)
            for _ in 0..<random.int(0...6) { random.mutate(&input) }
            switch HTTPRequestHeadParser.parse(input[...], maxHeaderBytes: maxHeader, maxBodyBytes: maxBody) {
            case .incomplete:
                outcomes.incomplete += 1
                #expect(input.count <= maxHeader, "case \(index): an unfinished head over the limit must be refused")
            case .complete(let head, let length):
                outcomes.complete += 1
                #expect(length > 0 && length <= min(input.count, maxHeader), "case \(index)")
                #expect(!head.method.isEmpty && !head.target.isEmpty && head.contentLength <= maxBody, "case \(index)")
                // The same head, parsed from exactly its own bytes, is found with the same length.
                if case .complete(_, let again) = HTTPRequestHeadParser.parse(input[..<length], maxHeaderBytes: maxHeader, maxBodyBytes: maxBody) {
                    #expect(again == length, "case \(index)")
                } else {
                    Issue.record("case \(index): the head is not found in its own bytes")
                }
            case .failure(let error):
                outcomes.failure += 1
                #expect(Self.statuses.contains(error.code.status) && !error.message.isEmpty, "case \(index): \(error)")
            }
        }
        #expect(outcomes.incomplete > 100 && outcomes.complete > 100 && outcomes.failure > 100, "\(outcomes)")
    }

    /// A head of many short lines, or one that never ends, is scanned in time proportional to its size.
    @Test func scanningIsLinear() {
        let lines = Array(("GET / HTTP/1.1\n" + String(repeating: "A:b\n", count: 4_000) + "\n").utf8)
        let endless = [UInt8](repeating: 10, count: 1) + [UInt8](repeating: UInt8(ascii: "\r"), count: 1_000_000)
        let elapsed = ContinuousClock().measure {
            _ = HTTPRequestHeadParser.parse(lines[...], maxHeaderBytes: 1 << 20, maxBodyBytes: 0)
            _ = HTTPRequestHeadParser.parse(endless[...], maxHeaderBytes: 1 << 20, maxBodyBytes: 0)
        }
        #expect(elapsed < .seconds(2))
    }
}

/// SplitMix64 and the byte edits the fuzz test makes.
private struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &self) }
    mutating func pick<T>(_ choices: [T]) -> T { choices[int(0...(choices.count - 1))] }

    private static let interesting = Array("\r\n :,/-0123456789HTPGE.".utf8) + [0, 9, 0x7F, 0x80, 0xFF]

    /// Replaces, inserts, deletes or repeats bytes, or drops the tail (a head cut short).
    mutating func mutate(_ bytes: inout [UInt8]) {
        guard !bytes.isEmpty else { bytes.append(pick(Self.interesting)); return }
        let position = int(0...(bytes.count - 1))
        switch int(0...4) {
        case 0: bytes[position] = pick(Self.interesting)
        case 1: bytes.insert(pick(Self.interesting), at: position)
        case 2: bytes.remove(at: position)
        case 3: bytes.insert(contentsOf: bytes[position..<min(bytes.count, position + int(1...600))], at: position)
        default: bytes.removeLast(int(0...(bytes.count - position - 1)))
        }
    }
}
