import Testing

@testable import SaginLanguage

/// One malformed input and the first error it must produce.
struct Expectation: Sendable, CustomTestStringConvertible {
  var id: String
  var line: Int
  var column: Int
  var message: String

  init(_ id: String, _ line: Int, _ column: Int, _ message: String) {
    self.id = id
    self.line = line
    self.column = column
    self.message = message
  }

  var testDescription: String { id }
}

/// The catalogue of malformed inputs (CatalogueInputs.swift): each must be
/// rejected with its first error at the given line and column, containing
/// the given message, rendered as `file:line:col: error: message`.
@Suite struct CatalogueTests {
  static let expectations: [Expectation] = [
    Expectation("unit-typo", 9, 9, "unknown unit 'Ghz'"),
    Expectation("unit-typo-bandwidth", 16, 16, "unknown unit 'Mhz'"),
    Expectation(
      "missing-brace-eof", 7, 9, "expected '}' to close user 'u1', found the end of the file"),
    Expectation(
      "missing-brace-before-declaration", 7, 9, "expected '}' to close user 'u1' before 'user u2'"),
    Expectation("unknown-attribute", 10, 3, "unknown attribute 'powr' in user 'u1'"),
    Expectation(
      "wrong-dimension", 9, 7,
      "expected a frequency such as 20 MHz or 2 GHz after 'cpu', found a power '23 dBm'"),
    Expectation(
      "plain-number-needs-unit", 9, 7,
      "expected a frequency such as 20 MHz or 2 GHz after 'cpu', found a plain number '2000000000'"),
    Expectation("duplicate-name", 13, 6, "duplicate node name 'u1'"),
    Expectation("duplicate-attribute", 10, 3, "duplicate attribute 'cpu' in user 'u1'"),
    Expectation("unknown-workload", 11, 12, "unknown workload 'v'"),
    Expectation("missing-required", 7, 6, "missing attribute 'cpu' in user 'u1'"),
    Expectation("pin-unknown-node", 13, 11, "unknown node 'g9' in 'pin'"),
    Expectation(
      "pin-downward", 19, 5,
      "expected a link from a lower to a higher layer in 'pin', found 'g1' (a ground server) -> 'u1' (a user)"
    ),
    Expectation(
      "nan-literal", 9, 7, "expected a frequency such as 20 MHz or 2 GHz after 'cpu', found 'nan'"),
    Expectation("inf-number", 9, 7, "number '1e999' is out of range"),
    Expectation(
      "negative-bandwidth", 16, 13, "expected a positive value after 'bandwidth', found '-20 MHz'"),
    Expectation("zero-samples", 3, 11, "expected a positive value after 'samples', found '0'"),
    Expectation(
      "user-shares-above-100", 12, 3, "share lower bounds of user 'u1' add up to 110 %, above 100 %"
    ),
    Expectation(
      "shares-above-100", 14, 1,
      "share lower bounds of the scenario-wide defaults add up to 110 %, above 100 %"),
    Expectation(
      "share-lower-above-upper", 12, 3,
      "share bounds of user 'u1' contradict each other: at least 60 % but at most 40 % on layer 'local'"
    ),
    Expectation(
      "share-plain-percent", 13, 16,
      "expected a percentage such as 20 % after 'share local >=', found '20'"),
    Expectation(
      "per-node-without-floors", 19, 1,
      "objective 'per-node' needs a share lower bound above 0 on every server layer, but user 'u1' has none on layer 'ground'"
    ),
    Expectation(
      "unterminated-string", 1, 10, "unterminated string; expected '\"' before the end of the line"),
    Expectation("stray-character", 13, 19, "unexpected character '@'"),
    Expectation(
      "empty-file", 1, 1, "expected at least one 'user' declaration, found an empty file"),
    Expectation("no-users", 1, 1, "the scenario declares no users"),
    Expectation("unknown-statement", 13, 1, "unknown statement 'usr'"),
    Expectation("slash-comment", 1, 1, "unexpected '//'"),
    Expectation("missing-name", 13, 8, "expected a name after 'server', found '{'"),
    Expectation(
      "missing-value", 9, 6,
      "expected a frequency such as 20 MHz or 2 GHz after 'cpu', found the end of the line"),
    Expectation(
      "trailing-token", 9, 13, "expected the end of the line after 'cpu 2 GHz', found 'fast'"),
    Expectation(
      "split-cycle-unit", 5, 25,
      "expected the end of the line after 'cycles-per-sample 2 G', found 'cycles'"),
    Expectation(
      "position-missing-comma", 8, 11, "expected ',' after the east coordinate of 'at', found '0'"),
    Expectation(
      "position-one-coordinate", 8, 7,
      "expected east and north coordinates such as (1.2 km, 300 m) after 'at', found '(5 m)'"),
    Expectation("unknown-solve-method", 13, 7, "unknown solve method 'paro'"),
    Expectation("unknown-solve-option", 13, 12, "unknown solve option 'seeds'"),
    Expectation(
      "bad-tolerance", 13, 22,
      "expected a tolerance between 0 and 1 such as 1e-4 after 'tolerance', found '2'"),
    Expectation("unknown-report-section", 13, 8, "unknown report section 'user'"),
    Expectation(
      "report-before-solve", 13, 1,
      "'report' comes before any 'solve', so there is no solution to report yet"),
    Expectation("unknown-environment", 13, 24, "unknown environment 'suburb'"),
    Expectation(
      "wrong-channel-for-kind", 13, 15, "channel model 'uma' does not apply to space links"),
    Expectation(
      "satellite-elevation-range", 15, 13,
      "expected an elevation above 0 deg and at most 90 deg after 'elevation', found '120 deg'"),
    Expectation("uav-without-altitude", 13, 5, "missing attribute 'altitude' in uav 'k1'"),
    Expectation("lora-and-parameters", 3, 3, "workload 'w' gives both 'parameters' and 'lora'"),
    Expectation(
      "lora-fractional-rank", 3, 10,
      "expected a whole number of 1 or more after 'rank', found '2.5'"),
    Expectation("matrix-without-spaces", 4, 15, "expected 'x' after 'matrix 320', found 'x320'"),
    Expectation(
      "capacity-fraction", 18, 12,
      "expected a whole number of 1 or more after 'capacity', found '2.5'"),
    Expectation("pin-and-forbid", 20, 1, "'u1 -> g1' is both pinned and forbidden"),
    Expectation("pin-skips-layer", 26, 5, "'pin u1 -> s1' skips the 'ground' layer"),
    Expectation("unmatched-close-brace", 13, 1, "unexpected '}' with no block open"),
    Expectation("deep-nesting", 13, 1, "expected a declaration or a setting, found '{'"),
    Expectation(
      "weights-both-zero", 14, 1, "delay and energy weights are both 0, so every cost would be 0"),
    Expectation(
      "negative-deadline", 13, 10, "expected a positive value after 'deadline', found '-5 s'"),
    Expectation("gain-missing-equals", 19, 15, "expected '=' after 'gain u1 -> g1', found '-95'"),
  ]

  @Test(arguments: expectations)
  func malformedInputIsRejected(_ expected: Expectation) throws {
    let input = try #require(
      catalogueInputs.first { $0.id == expected.id }, "no input \(expected.id)")
    let (program, diagnostics) = parse(input.text)
    #expect(program == nil)
    let first = try #require(diagnostics.first { $0.isError })
    #expect(first.message.contains(expected.message), "\(first.message)")
    #expect(first.location?.line == expected.line)
    #expect(first.location?.column == expected.column)
    let rendered = first.rendered(colour: false)
    #expect(rendered.hasPrefix("test.sagin:\(expected.line):\(expected.column): error: "))
    #expect(rendered.contains("^"))
  }

  /// A syntax error inside a block is reported alone: the attributes the
  /// parser could not read are not also reported as missing.
  @Test(arguments: [
    "workload w { parameters 1 M; samples 100 sample-size 1 MB; cycles-per-sample 1 Gcycles }\n"
      + "user u1 { at (0 m, 0 m); cpu 2 GHz; power 0.1 W; workload w }\n",
    "workload w { parameters 1 M; samples 100; sample-size 1 MB; cycles-per-sample 1 Gcycles }\n"
      + "user u1 { at (0 m, 0 m); cpu 2 GHz; power 0.1 W; workload w }\nserver g1 {\n",
  ])
  func syntaxErrorInABlockDoesNotCascade(_ source: String) {
    let errors = parse(source).diagnostics.filter(\.isError)
    #expect(errors.count == 1, "\(errors.map(\.message))")
    #expect(!errors.contains { $0.message.hasPrefix("missing attribute") })
  }

  @Test func everyInputHasAnExpectation() {
    let expected = Set(Self.expectations.map(\.id))
    let inputs = Set(catalogueInputs.map(\.id))
    #expect(expected == inputs)
    #expect(inputs.count == catalogueInputs.count)
    #expect(inputs.count >= 30)
  }
}
