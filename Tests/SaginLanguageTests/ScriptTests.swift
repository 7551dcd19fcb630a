import Foundation
import SaginModel
import Testing

@testable import SaginLanguage

/// Runs a script and returns the lines its `print` statements produced.
private func printed(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> [String]
{
  let (program, diagnostics) = Frontend.parse(
    source: SourceFile(path: "test.sagin", text: text), allowsNoUsers: true)
  for diagnostic in diagnostics {
    Issue.record(
      "unexpected: \(diagnostic.rendered(colour: false))", sourceLocation: sourceLocation)
  }
  return (program?.actions ?? []).compactMap {
    if case .print(let line, _) = $0 { return line }
    return nil
  }
}

/// The first error of a script as `line:column: message`.
private func firstError(_ text: String, options: ScriptOptions = ScriptOptions()) -> String {
  let (_, diagnostics) = Frontend.parse(
    source: SourceFile(path: "test.sagin", text: text), options: options, allowsNoUsers: true)
  return summaries(diagnostics.filter(\.isError)).first ?? "no error"
}

private func errors(_ text: String, options: ScriptOptions = ScriptOptions()) -> [Diagnostic] {
  Frontend.parse(
    source: SourceFile(path: "test.sagin", text: text), options: options, allowsNoUsers: true
  ).diagnostics.filter(\.isError)
}

@Suite struct ExpressionTests {
  @Test func arithmeticWithUnits() {
    let lines = printed(
      """
      let bw = 2 * 20 MHz
      print bw in MHz
      print 3 km / 1 ms in km/s
      print (1 h + 30 min) in min
      print 4 GB in GiB
      print 2 ^ 10
      print -(3 km) in m
      print 5 -3
      print 10 / 4
      print 20 % * 3
      print [10, 20, 40] MHz
      print (1.5 km, -300 m)
      print 1 Mbit / (2 Mbit/s)
      """)
    #expect(
      lines == [
        "40", "3000", "90", "3.725290298461914", "1024", "-3000", "2", "2.5", "0.6000000000000001",
        "[10000000 Hz, 20000000 Hz, 40000000 Hz]", "(1500 m, -300 m)", "0.5 s",
      ])
  }

  @Test func decibelRules() {
    let lines = printed(
      """
      print 30 dBm + 3 dB
      print 30 dBm - 20 dBm
      print 2 * 3 dB
      print (linear(30 dBm) + linear(30 dBm)) in W
      print db(2) in dB
      print linear(20 dB)
      print 23 dBm in mW
      print 0.1 W in dBm
      print -174 dBm/Hz + 10 dB
      """)
    #expect(lines.count == 9)
    guard lines.count == 9 else { return }
    #expect(lines[0] == "33 dBm")
    #expect(lines[1] == "10 dB")
    #expect(lines[2] == "6 dB")
    #expect(lines[3] == "2")
    #expect(abs(Double(lines[4])! - 3.010299956639812) < 1e-12)
    #expect(lines[5] == "100")
    #expect(abs(Double(lines[6])! - 199.52623149688787) < 1e-9)
    #expect(lines[7] == "20")
    #expect(lines[8] == "-164 dBm/Hz")
  }

  @Test func decibelMisuseIsAnErrorAtTheOperator() {
    #expect(
      firstError("let p = 30 dBm + 30 dBm")
        == "1:16: cannot add two powers in dBm: in decibels that multiplies them")
    #expect(firstError("let p = 2 * 23 dBm") == "1:11: cannot multiply a power in dBm")
    #expect(
      firstError("let p = 1 W + 30 dBm").hasPrefix("1:13: cannot add a power in dBm to a power"))
  }

  @Test func dimensionErrorsPointAtTheOperator() {
    #expect(firstError("let x = 2 MHz + 3 km") == "1:15: cannot add a length to a frequency")
    #expect(
      firstError("let x = 1\nlet y = 5 GHz - x * 2 s")
        == "2:15: cannot subtract a time from a frequency")
    #expect(
      firstError("print (3 km) in s")
        == "1:17: cannot express a length in 's', which measures a time")
    #expect(
      firstError("print 1 km ^ 0.5").hasPrefix("1:12: a length can be raised only to a whole power")
    )
    #expect(firstError("print 1 / 0") == "1:9: '/' gives no value: division by zero")
  }

  @Test func functions() {
    let lines = printed(
      """
      print min(3 km, 2 km, 5000 m)
      print max([1, 7, 3])
      print sqrt((3 m)^2 + (4 m)^2)
      print log10(1000)
      print abs(-2 s)
      print floor(2.7) + ceil(2.1) + round(2.5)
      print mod(7, 3)
      print sum([1 km, 2 km])
      print mean([2, 4])
      print len([1, 2, 3])
      print sin(90 deg)
      print range(10 MHz, 30 MHz, 10 MHz)
      print grid((0 m, 0 m), (2 km, 2 km), 2, 1)
      """)
    #expect(
      lines == [
        "2000 m", "7", "5 m", "3", "2 s", "8", "1", "3000 m", "3", "3", "1",
        "[10000000 Hz, 20000000 Hz, 30000000 Hz]", "[(500 m, 1000 m), (1500 m, 1000 m)]",
      ])
  }

  @Test func unknownNamesHaveHints() {
    let diagnostics = errors("let total = 3\nprint totl")
    #expect(diagnostics.first?.message == "unknown value 'totl'")
    #expect(diagnostics.first?.hint == "did you mean 'total'?")
    let minus = errors("let i = 3\nprint i-1")
    #expect(minus.first?.hint == "for a subtraction put spaces around '-': 'i - 1'")
    #expect(
      errors("print uniform-dsc((0 m, 0 m), 1 km)").first?.hint == "did you mean 'uniform-disc'?")
  }
}

@Suite struct StatementTests {
  @Test func loopsConditionsAndInterpolatedNames() {
    let program = parseValid(
      """
      let n = 4
      \(minimalWorkload)
      for i in 1..n {
        if mod(i, 2) == 0 {
          user "even-{i}" { at (i * 100 m, 0 m); cpu 2 GHz; power 0.1 W; workload w }
        } else if i == 1 {
          user "first" { at (0 m, 0 m); cpu 1 GHz; power 0.1 W; workload w }
        } else {
          user "odd-{i}" { at (i * 100 m, 0 m); cpu 1 GHz; power 0.1 W; workload w }
        }
      }
      for name in ["a", "b"] {
        server "g-{name}" { at (0 m, 0 m); cpu 10 GHz; bandwidth 10 MHz; power 1 W }
      }
      """)
    let users = program?.scenario.users.map(\.name) ?? []
    #expect(users == ["first", "even-2", "odd-3", "even-4"])
    #expect(program?.scenario.users.last?.position.east == 400)
    #expect(program?.scenario.servers.map(\.name) == ["g-a", "g-b"])
  }

  @Test func templatesGiveDefaultsAndBlocksOverrideThem() {
    let program = parseValid(
      """
      \(minimalWorkload)
      template user phone { at (0 m, 0 m); cpu 2 GHz; power 23 dBm; workload w }
      user u1 from phone
      user u2 from phone { cpu 3 GHz }
      """)
    #expect(program?.scenario.users.map { $0.resources.cpu } == [2e9, 3e9])
    #expect(
      program?.scenario.users.allSatisfy { abs($0.resources.transmitPower - 0.19952623) < 1e-8 }
        == true)
  }

  @Test func templateErrors() {
    #expect(
      firstError("template user phone { cpu 2 GHz }\nserver g1 from phone { }")
        == "2:16: template 'phone' is for a user, not a ground server")
    #expect(firstError("user u1 from phne { }") == "1:14: unknown template 'phne'")
  }

  @Test func bindingsAreImmutableWithinAScope() {
    #expect(firstError("let a = 1\nlet a = 2") == "2:5: 'a' is already defined in this scope")
    // A loop body is a scope of its own.
    #expect(
      printed("let a = 1\nfor i in 1..1 {\n  let a = 2\n  print a\n}\nprint a") == ["2", "1"])
  }

  @Test func conditionsMustBeConditions() {
    #expect(
      firstError("if 3 { print 1 }")
        == "1:4: expected a condition (true or false) after 'if', found a number")
    #expect(printed("if 2 km > 1500 m and not false { print \"yes\" }") == ["yes"])
  }

  @Test func computedValuesAreCheckedLikeLiterals() {
    let scenario = """
      \(minimalWorkload)
      let f = 2
      user u1 { at (0 m, 0 m); cpu f * 1 km; power 0.1 W; workload w }
      """
    #expect(
      firstError(scenario)
        == "8:30: expected a frequency such as 20 MHz or 2 GHz after 'cpu', found a length '2000 m'"
    )
    let negative = """
      \(minimalWorkload)
      let f = 2 GHz
      user u1 { at (0 m, 0 m); cpu f - 3 GHz; power 0.1 W; workload w }
      """
    #expect(
      firstError(negative).contains("expected a positive value after 'cpu', found '-1000000000 Hz'")
    )
  }
}

@Suite struct GeneratorTests {
  private let city = """
    param users = 40
    workload w { parameters 1 M; samples 100; sample-size 1 MB; cycles-per-sample 1 Gcycles }
    for i in 1..users {
      user "u{i}" {
        at uniform-disc((1 km, 1 km), 2 km)
        cpu choice([1, 2, 3]) * 1 GHz
        power 0.1 W
        workload w
      }
    }
    """

  private func positions(seed: UInt64?, text: String? = nil) -> [Position] {
    var options = ScriptOptions()
    options.seed = seed
    let (program, diagnostics) = Frontend.parse(
      source: SourceFile(path: "city.sagin", text: text ?? city), options: options)
    let hasErrors = diagnostics.contains(where: \.isError)
    #expect(!hasErrors)
    return program?.scenario.users.map(\.position) ?? []
  }

  @Test func sameSeedSameScenarioDifferentSeedDifferentScenario() {
    let first = positions(seed: 5)
    #expect(first.count == 40)
    #expect(first == positions(seed: 5))
    #expect(first != positions(seed: 6))
    // The seed statement of the file, and --seed over it.
    let seeded = "seed 5\n" + city
    #expect(positions(seed: nil, text: seeded) == first)
    #expect(positions(seed: 6, text: seeded) == positions(seed: 6))
  }

  @Test func discPointsLieInTheDisc() {
    for position in positions(seed: 9) {
      let distance =
        ((position.east - 1000) * (position.east - 1000)
        + (position.north - 1000) * (position.north - 1000)).squareRoot()
      #expect(distance <= 2000)
    }
  }

  @Test func theSameSeedGivesTheSameModelDocument() {
    func document() -> String {
      let program = parseValid("seed 11\n" + city)
      return program.flatMap {
        ModelCompiler.compile($0.scenario).model?.modelDocument().rendered()
      }
        ?? ""
    }
    #expect(!document().isEmpty)
    #expect(document() == document())
  }

  @Test func poissonFieldHasAboutTheExpectedCount() {
    var total = 0
    for seed in 1...20 {
      let lines = printed(
        "seed \(seed)\nprint len(poisson-box((0 m, 0 m), (2 km, 1 km), 100 / 1 km^2))")
      total += Int(lines.first ?? "0") ?? 0
    }
    // 200 points expected per draw; 20 draws: 4000 +- 3 sigma (190).
    #expect(abs(total - 4000) < 190)
  }

  @Test func generatorArgumentsAreChecked() {
    #expect(
      firstError("print uniform-disc((0 m, 0 m), 2 GHz)")
        == "1:32: expected a radius as argument 2 of 'uniform-disc', found a frequency")
    #expect(
      firstError("print poisson-box((0 m, 0 m), (1 km, 1 km), 5)").hasPrefix(
        "1:45: expected a density of points per area"))
    #expect(firstError("print choice([])") == "1:14: 'choice' of an empty list")
  }
}

@Suite struct ParameterTests {
  private let text = """
    param users = 3
    param bandwidth = 20 MHz
    param label = "base"
    \(minimalWorkload)
    for i in 1..users {
      user "u{i}" { at (0 m, 0 m); cpu 1 GHz; power 0.1 W; workload w }
    }
    server g1 { at (0 m, 0 m); cpu 10 GHz; bandwidth bandwidth; power 1 W }
    print label
    """

  private func run(_ definitions: [(String, String)]) -> (Program?, [Diagnostic]) {
    var options = ScriptOptions()
    options.parameters = definitions
    return Frontend.parse(source: SourceFile(path: "p.sagin", text: text), options: options)
  }

  @Test func commandLineValuesReplaceDefaults() {
    let (program, diagnostics) = run([("users", "5"), ("bandwidth", "40MHz"), ("label", "trial")])
    #expect(diagnostics.isEmpty)
    #expect(program?.scenario.users.count == 5)
    #expect(program?.scenario.servers.first?.resources.bandwidth == 40e6)
    #expect(program?.parameters.map(\.value) == ["5", "40000000 Hz", "trial"])
  }

  @Test func valuesAreTypeAndUnitChecked() {
    let (_, wrongUnit) = run([("bandwidth", "2 km")])
    #expect(
      wrongUnit.first?.message
        == "'-D bandwidth=2 km' gives a length, but parameter 'bandwidth' is a frequency")
    let (_, unknown) = run([("user", "5")])
    #expect(unknown.first?.message == "the file has no parameter 'user' to set with -D")
    #expect(unknown.first?.hint == "did you mean 'users'?")
    let (_, broken) = run([("users", "5 +")])
    #expect(broken.first?.message == "expected a value after '+', found the end of the file")
  }
}

@Suite struct IncludeTests {
  private func directory(_ files: [String: String]) -> URL {
    let root = FileManager.default.temporaryDirectory
      .appendingPathComponent("sagin-include-\(UUID().uuidString)")
    for (name, text) in files {
      let url = root.appendingPathComponent(name)
      try? FileManager.default.createDirectory(
        at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try? text.write(to: url, atomically: true, encoding: .utf8)
    }
    return root
  }

  @Test func includedFilesAreReadRelativeToTheIncludingFile() {
    let root = directory([
      "main.sagin": "include \"lib/phones.sagin\"\nuser u1 from phone { at (0 m, 0 m) }\n",
      "lib/phones.sagin":
        "include \"work.sagin\"\ntemplate user phone { cpu 2 GHz; power 0.1 W; workload w }\n",
      "lib/work.sagin": minimalWorkload + "\n",
    ])
    let (program, diagnostics) = Frontend.load(path: root.appendingPathComponent("main.sagin").path)
    #expect(diagnostics.isEmpty)
    #expect(program?.scenario.users.first?.resources.cpu == 2e9)
    #expect(program?.sources.count == 3)
  }

  @Test func errorsInIncludedFilesShowTheChain() {
    let root = directory([
      "main.sagin": "# main\ninclude \"a.sagin\"\n",
      "a.sagin": "include \"b.sagin\"\n",
      "b.sagin": "let x = 1 km + 1 s\n",
    ])
    let (_, diagnostics) = Frontend.load(path: root.appendingPathComponent("main.sagin").path)
    let rendered = diagnostics.first?.rendered(colour: false) ?? ""
    #expect(rendered.contains("b.sagin:1:14: error: cannot add a time to a length"))
    #expect(rendered.contains("a.sagin:1:1: note: included from here"))
    #expect(rendered.contains("main.sagin:2:1: note: included from here"))
  }

  @Test func selfIncludeAndCyclesAreErrors() {
    let root = directory([
      "self.sagin": "include \"self.sagin\"\n",
      "a.sagin": "include \"b.sagin\"\n",
      "b.sagin": "include \"a.sagin\"\n",
    ])
    let (_, selfDiagnostics) = Frontend.load(path: root.appendingPathComponent("self.sagin").path)
    #expect(
      selfDiagnostics.first?.message
        == "'self.sagin' includes itself: self.sagin -> self.sagin")
    let (_, cycle) = Frontend.load(path: root.appendingPathComponent("a.sagin").path)
    #expect(cycle.first?.message == "'a.sagin' includes itself: a.sagin -> b.sagin -> a.sagin")
  }

  @Test func missingFilesAreReported() {
    let root = directory(["main.sagin": "include \"nowhere.sagin\"\n"])
    let (_, diagnostics) = Frontend.load(path: root.appendingPathComponent("main.sagin").path)
    #expect(diagnostics.first?.message == "cannot include 'nowhere.sagin': no such file")
    #expect(diagnostics.first?.location?.column == 9)
  }
}

@Suite struct LimitTests {
  @Test func hugeLoopsStopBeforeTheyStart() {
    let diagnostics = errors("for i in 1..1000000000 { print i }")
    #expect(diagnostics.count == 1)
    #expect(
      diagnostics.first?.message
        == "this loop would run 1000000000 iterations, and the file may take at most 1000000 steps in all (loop iterations and list elements)"
    )
    #expect(diagnostics.first?.hint?.contains("'--limit iterations=2000000'") == true)
  }

  @Test func nestedLoopsShareTheIterationBudget() {
    var options = ScriptOptions()
    options.limits.iterations = 1000
    let diagnostics = errors("for i in 1..100 {\n  for j in 1..100 {\n  }\n}", options: options)
    #expect(diagnostics.first?.message.hasPrefix("this loop would run 100 iterations") == true)
  }

  @Test func entityCountIsBounded() {
    var options = ScriptOptions()
    options.limits.entities = 10
    let text =
      minimalWorkload
      + "\nfor i in 1..50 {\n  user \"u{i}\" { at (0 m, 0 m); cpu 1 GHz; power 1 W; workload w }\n}"
    let diagnostics = errors(text, options: options)
    #expect(diagnostics.count == 1)
    #expect(
      diagnostics.first?.message
        == "the file declares more than 10 users, servers, UAVs, satellites and workloads")
    #expect(
      diagnostics.first?.hint
        == "if you trust this file, raise the limit with '--limit entities=20'")
  }

  @Test func poissonFieldsAreBoundedBeforeDrawing() {
    let diagnostics = errors("print len(poisson-box((0 m, 0 m), (100 km, 100 km), 1e6 / 1 km^2))")
    #expect(diagnostics.first?.message.contains("more than the 100000 entities") == true)
  }

  @Test func deepExpressionsAreBounded() {
    let deep = String(repeating: "(", count: 200) + "1" + String(repeating: ")", count: 200)
    let diagnostics = errors("print \(deep)")
    #expect(diagnostics.first?.message.hasPrefix("expression is nested more than 64 deep") == true)
    #expect(diagnostics.first?.hint?.contains("--limit nesting=128") == true)
  }

  @Test func includeDepthIsBounded() {
    let root = FileManager.default.temporaryDirectory
      .appendingPathComponent("sagin-depth-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    for k in 0..<30 {
      try? "include \"f\(k + 1).sagin\"\n".write(
        to: root.appendingPathComponent("f\(k).sagin"), atomically: true, encoding: .utf8)
    }
    let (_, diagnostics) = Frontend.load(path: root.appendingPathComponent("f0.sagin").path)
    let found = diagnostics.contains { $0.message == "includes are nested more than 16 deep" }
    #expect(found)
  }
}

@Suite struct SweepTests {
  private let text = """
    param users = 2
    \(minimalWorkload)
    for i in 1..users {
      user "u{i}" { at (0 m, 0 m); cpu 1 GHz; power 0.1 W; workload w }
    }
    server g1 { at (0 m, 0 m); cpu 10 GHz; bandwidth 10 MHz; power 1 W }
    sweep users over [2, 3], g1.bandwidth over [5, 20] MHz {
      solve para
      solve nearest
    }
    """

  @Test func everyPointIsItsOwnScenario() {
    guard let program = parseValid(text),
      case .sweep(let plan, _)? = program.actions.first
    else {
      Issue.record("no sweep")
      return
    }
    #expect(plan.axes == ["users", "g1.bandwidth"])
    #expect(
      plan.points.map(\.values) == [
        ["2", "5 MHz"], ["2", "20 MHz"], ["3", "5 MHz"], ["3", "20 MHz"],
      ])
    #expect(plan.points.map(\.scenario.users.count) == [2, 2, 3, 3])
    #expect(
      plan.points.map { $0.scenario.servers[0].resources.bandwidth } == [5e6, 20e6, 5e6, 20e6])
    #expect(plan.solves.map(\.method) == ["para", "nearest"])
  }

  @Test func unknownTargetsAreErrors() {
    let broken = text.replacingOccurrences(of: "sweep users", with: "sweep usres")
    #expect(firstError(broken).contains("cannot sweep 'usres'"))
    let badAttribute = text.replacingOccurrences(of: "g1.bandwidth", with: "g1.bandwith")
    #expect(firstError(badAttribute).contains("has no attribute 'bandwith'"))
  }
}

/// Fixes from a new user's trial: inputs that once crashed, hung or read wrong.
@Suite struct TrialRegressionTests {
  @Test func longOperatorChainsAreBoundedNotCrashes() {
    let chain = Array(repeating: "1", count: 5000).joined(separator: " + ")
    let diagnostics = errors("let y = \(chain)")
    #expect(diagnostics.first?.message.hasPrefix("expression is nested more than 64 deep") == true)
    // Forty terms are fine.
    #expect(printed("print " + Array(repeating: "1", count: 40).joined(separator: " + ")) == ["40"])
  }

  @Test func nestingCannotBeRaisedBeyondWhatTheStackHolds() {
    var limits = ScriptLimits()
    let accepted = limits.set("nesting", to: ScriptLimits.maximumNesting)
    #expect(accepted)
    var other = ScriptLimits()
    let refused = other.set("nesting", to: ScriptLimits.maximumNesting + 1)
    #expect(!refused)
    var options = ScriptOptions()
    options.limits = limits
    let deep = String(repeating: "(", count: 390) + "1" + String(repeating: ")", count: 390)
    #expect(errors("print \(deep)", options: options).isEmpty)
  }

  @Test func listWorkInsideLoopsIsBounded() {
    let diagnostics = errors("for i in 1..900000 {\n  let y = 1..900000\n}")
    #expect(diagnostics.count == 1)
    #expect(diagnostics.first?.message.hasPrefix("the file does more than 1000000 steps") == true)
    let sums = errors("let y = 1..1000\nfor i in 1..5000 {\n  let s = sum(y)\n}")
    #expect(sums.first?.message.hasPrefix("the file does more than 1000000 steps") == true)
  }

  @Test func unaryMinusBindsLooserThanPower() {
    #expect(printed("print -2^2\nprint (-2)^2\nlet a = 3\nprint -a^2") == ["-4", "4", "-9"])
  }

  @Test func cyclesOverHertzIsATime() {
    #expect(printed("print 5 Gcycles / 2 GHz in s") == ["2.5"])
    let program = parseValid(
      """
      workload w { parameters 1 M; samples 100; sample-size 1 MB; cycles-per-sample 2 GHz * 3 s }
      user u1 { at (0 m, 0 m); cpu 1 GHz; power 1 W; workload w }
      """)
    #expect(program?.scenario.users.first?.workload.cyclesPerSample == 6e9)
  }

  @Test func statementWordsCanStillNameValues() {
    let program = parseValid(
      """
      let x = 1 km
      let count = 2
      workload w { lora { rank 8; matrix count x count count count }; samples 1; sample-size 1 B; cycles-per-sample 1 Gcycles }
      template user p { cpu 1 GHz; power 1 W; workload w }
      for i in 1..2 { user "u{i}" from p { at (x * i, 0 m) } }
      for i in 3..4 { user "u{i}" from p }
      """.replacingOccurrences(of: "from p }", with: "from p { at (0 m, 0 m) } }"))
    #expect(program?.scenario.users.map(\.position.east) == [1000, 2000, 0, 0])
    // rank 8 on two 2 x 2 matrices: 8 x (2 + 2) x 2 = 64.
    #expect(program?.scenario.users.first?.workload.parameters == 64)
    #expect(firstError("let in = 3").hasPrefix("1:5: 'in' is a reserved word"))
  }

  @Test func wholeNumbersPrintWithoutAPoint() {
    #expect(
      printed("print 1e15\nprint 2^53\nprint \"u{2^40}\"") == [
        "1000000000000000", "9007199254740992", "u1099511627776",
      ])
  }
}

@Suite struct GeneratorMessageTests {
  @Test func aNegativeDensityIsNamedAsSuch() {
    #expect(
      firstError("print poisson-box((0 m, 0 m), (1 km, 1 km), -5 / 1 km^2)")
        == "1:45: the density must be 0 or more")
  }

  @Test func conditionChainsAssociateToTheLeft() {
    #expect(
      printed("print true and false or true\nprint false or false or true and false") == [
        "true", "false",
      ])
  }
}
