import SaginModel
import Testing

@testable import SaginLanguage

@Suite struct FuzzTests {
  /// Random bytes (decoded leniently as UTF-8) never crash and, unless empty
  /// of statements, are never silently accepted.
  @Test func randomBytesNeverCrash() {
    var generator = SplitMix64(seed: 1)
    for _ in 0..<300 {
      let count = Int.random(in: 0..<300, using: &generator)
      let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
      let (program, diagnostics) = parse(String(decoding: bytes, as: UTF8.self))
      #expect(program == nil)
      #expect(!diagnostics.isEmpty)
      for diagnostic in diagnostics { _ = diagnostic.rendered(colour: true) }
    }
  }

  /// Soups of real tokens reach deeper into the parser and elaborator.
  @Test func randomTokenSoupsNeverCrash() {
    let words = [
      "user", "server", "uav", "satellite", "workload", "lora", "{", "}", "(", ")", ",", "->",
      "=", ">=", "<=", "%", "/", ";", "\n", "\n", "\n", "u1", "g1", "w", "\"a b\"", "cpu", "power",
      "at", "bandwidth", "share", "local", "ground", "pin", "gain", "solve", "report", "2",
      "-3", "1e-3", "0", "GHz", "dBm", "MHz", "W", "dB", "m", "km", "s", "/s", "x", "count",
      "rank", "matrix", "samples", "objective", "per-node", "channel", "air", "al-hourani",
      "altitude", "elevation", "deg", "1e999", "nan", "#", "\"", "@", "é",
    ]
    var generator = SplitMix64(seed: 2)
    for _ in 0..<400 {
      let count = Int.random(in: 0..<120, using: &generator)
      let text = (0..<count).map { _ in words.randomElement(using: &generator) ?? "" }
        .joined(separator: " ")
      let (program, diagnostics) = parse(text)
      if program != nil {
        #expect(diagnostics.allSatisfy { !$0.isError })
      } else {
        #expect(diagnostics.contains { $0.isError })
      }
    }
  }

  /// Mutations of a valid file: delete, duplicate or swap a character.
  @Test func mutatedValidFilesNeverCrash() {
    let valid = Array((ElaborationTests.scenarioText).unicodeScalars)
    var generator = SplitMix64(seed: 3)
    for _ in 0..<300 {
      var scalars = valid
      for _ in 0..<Int.random(in: 1...4, using: &generator) {
        let index = Int.random(in: 0..<scalars.count, using: &generator)
        switch Int.random(in: 0..<3, using: &generator) {
        case 0: scalars.remove(at: index)
        case 1: scalars.insert(scalars[index], at: index)
        default: scalars.swapAt(index, Int.random(in: 0..<scalars.count, using: &generator))
        }
      }
      let (program, diagnostics) = parse(String(String.UnicodeScalarView(scalars)))
      #expect((program == nil) == diagnostics.contains { $0.isError })
    }
  }

  @Test func hugeAndDeepInputsStayCheap() {
    let deep = String(repeating: "user u { lora { ", count: 20_000)
    let (program, diagnostics) = parse(deep)
    #expect(program == nil)
    #expect(diagnostics.count <= Parser.maximumErrors + 1)

    var many = W + "\n"
    for index in 0..<5_000 {
      many += "user u\(index) { at (\(index) m, 0 m); cpu 2 GHz; power 0.1 W; workload w }\n"
    }
    let big = parse(many)
    #expect(big.diagnostics.isEmpty)
    #expect(big.program?.scenario.users.count == 5_000)
  }
}
