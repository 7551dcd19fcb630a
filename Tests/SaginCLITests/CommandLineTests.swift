import Testing

@testable import SaginCLI

/// Command-line parsing, help, version and usage errors (exit 64).
@Suite struct CommandLineTests {
  @Test func unknownOptionIsAUsageError() {
    let run = sagin("run", "scenario.sagin", "--frobnicate")
    #expect(run.exitCode == 64)
    #expect(run.error.contains("unknown option '--frobnicate' for 'sagin run'"))
    #expect(run.error.contains("usage: sagin run FILE"))
    #expect(run.output.isEmpty)
  }

  @Test func unknownCommandIsAUsageError() {
    let run = sagin("frobnicate")
    #expect(run.exitCode == 64)
    #expect(run.error.contains("unknown command 'frobnicate'"))
  }

  @Test func missingFileIsAnInputErrorNamingTheFile() {
    let run = sagin("run", "/nonexistent/missing.sagin")
    #expect(run.exitCode == 1)
    #expect(run.error.hasPrefix("/nonexistent/missing.sagin: error: cannot read"))
  }

  @Test func missingModelDocumentIsAnInputError() {
    let run = sagin("solve", "/nonexistent/model.json")
    #expect(run.exitCode == 1)
    #expect(run.error.hasPrefix("/nonexistent/model.json: error: cannot read"))
  }

  @Test func versionAndHelp() {
    #expect(sagin("--version").output == "sagin 0.1.0\n")
    let help = sagin("--help")
    #expect(help.exitCode == 0)
    #expect(help.output.contains("solve MODEL.json"))
    #expect(sagin("help", "run").output.contains("--emit-model"))
    #expect(sagin("run", "--help").output.contains("--no-timing"))
    #expect(sagin("check", "-h").output.hasPrefix("usage: sagin check FILE"))
  }

  struct UsageCase: CustomTestStringConvertible, Sendable {
    var arguments: [String]
    var message: String
    var testDescription: String { arguments.joined(separator: " ") }
  }

  @Test(arguments: [
    UsageCase(arguments: ["run"], message: "expected a .sagin file after 'sagin run'"),
    UsageCase(arguments: ["run", "a.sagin", "b.sagin"], message: "unexpected argument 'b.sagin'"),
    UsageCase(arguments: ["run", "a.sagin", "--seed"], message: "expected a value after '--seed'"),
    UsageCase(
      arguments: ["run", "a.sagin", "--seed", "-3"],
      message: "invalid value '-3' for '--seed'; expected a non-negative integer"),
    UsageCase(
      arguments: ["run", "a.sagin", "--method", "sdp"],
      message:
        "invalid value 'sdp' for '--method'; expected one of 'para', 'para-matching', 'exhaustive', 'random'"
    ),
    UsageCase(
      arguments: ["check", "a.sagin", "--json"],
      message: "unknown option '--json' for 'sagin check'"),
    UsageCase(
      arguments: ["solve", "m.json", "--emit-model"],
      message: "unknown option '--emit-model' for 'sagin solve'"),
    UsageCase(arguments: ["--frobnicate"], message: "unknown option '--frobnicate'"),
    UsageCase(
      arguments: ["run", "a.sagin", "--max-iterations", "0"],
      message: "invalid value '0' for '--max-iterations'; expected a positive integer"),
    UsageCase(
      arguments: ["run", "a.sagin", "--json", "--emit-model"],
      message: "'--emit-model' and '--json' cannot be combined"),
    UsageCase(arguments: ["help", "frobnicate"], message: "unknown command 'frobnicate'"),
  ])
  func usageErrors(_ usage: UsageCase) {
    let run = sagin(usage.arguments)
    #expect(run.exitCode == 64)
    #expect(run.error.contains("sagin: error: \(usage.message)"), "\(run.error)")
  }

  @Test func optionsAreParsed() throws {
    let invocation = try ArgumentParser.parse([
      "run", "x.sagin", "--json", "--seed=7", "--method", "exhaustive", "--no-timing",
      "--max-iterations", "5", "--verbose",
    ])
    var expected = CommandOptions(path: "x.sagin")
    expected.isJSON = true
    expected.seed = 7
    expected.method = .exhaustive
    expected.omitsTiming = true
    expected.maxIterations = 5
    expected.isVerbose = true
    #expect(invocation == .run(expected))
  }
}

/// Number formatting of the human report.
@Suite struct FigureTests {
  @Test(arguments: [
    (0.0, "0"), (1.0, "1.000"), (0.99999999, "1.000"), (11.2953, "11.30"), (1234.6, "1235"),
    (99990.0, "99990"), (99999.0, "1.000e+05"), (123456.0, "1.235e+05"), (0.00012, "1.200e-04"),
    (-2.5, "-2.500"),
    (Double.infinity, "inf"), (Double.nan, "nan"),
  ])
  func significantDigits(_ value: Double, _ text: String) {
    #expect(Figure.format(value) == text)
  }

  @Test func percentAndTable() {
    #expect(Figure.percent(0.2) == "20.0%")
    var table = TextTable([("name", .left), ("rate (Mbit/s)", .right)])
    table.append(["u1", "11.30"])
    table.append(["user-two", "7.296"])
    #expect(
      table.rendered() == """
          name      rate (Mbit/s)
          --------  -------------
          u1                11.30
          user-two          7.296
        """)
  }
}
