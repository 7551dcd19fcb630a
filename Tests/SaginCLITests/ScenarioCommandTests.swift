import Foundation
import SaginLanguage
import SaginModel
import Testing

@testable import SaginCLI

/// `check`, `run`, `--emit-model`, `--json` and `solve` on small scenarios
/// written in the test.
@Suite struct ScenarioCommandTests {
  @Test func checkAcceptsAGoodSource() throws {
    let path = try writeFile("two.sagin", twoUserSource)
    let run = sagin("check", path)
    #expect(run.exitCode == 0)
    #expect(run.output == "\(path): ok (2 users, 1 server, 2 links)\n")
    #expect(run.error.isEmpty)
  }

  @Test func checkLocatesErrorsInABadSource() throws {
    let bad = twoUserSource.replacingOccurrences(of: "cpu 10 GHz", with: "cpu 10 GHzz")
    let path = try writeFile("bad.sagin", bad)
    let run = sagin("check", path)
    #expect(run.exitCode == 1)
    #expect(run.output.isEmpty)
    // `cpu 10 GHzz` is on line 31 of the source, the unit at column 10.
    #expect(run.error.hasPrefix("\(path):31:10: error: "), "\(run.error)")
    #expect(run.error.contains("error:"))
    #expect(run.error.contains("^"))
  }

  @Test func modelIssuesAreLocatedInTheSource() throws {
    // A pin to a node that does not exist is found by the model compiler or
    // the language; either way the message points into the file.
    let source = twoUserSource + "pin u1 -> g9\n"
    let path = try writeFile("pin.sagin", source)
    let run = sagin("check", path)
    #expect(run.exitCode == 1)
    #expect(run.error.contains("\(path):"))
    #expect(run.error.contains("'g9'"))
  }

  @Test func aPinOutOfReachIsLocatedAtThePinLine() throws {
    // Only the model compiler knows reachability; its issue names "pins[0]",
    // which the front end maps back to the pin statement.
    // u2 sits 200 m from g1; without its explicit gain, a 50 m coverage
    // leaves it out of reach.
    let source =
      twoUserSource
      .replacingOccurrences(of: "server g1 {\n", with: "server g1 {\n  coverage 50 m\n")
      .replacingOccurrences(of: "gain u2 -> g1 = -110 dB\n", with: "") + "pin u2 -> g1\n"
    #expect(source.contains("coverage 50 m"))
    let path = try writeFile("farpin.sagin", source)
    let run = sagin("check", path)
    #expect(run.exitCode == 1)
    let line = source.split(separator: "\n", omittingEmptySubsequences: false).count - 1
    #expect(
      run.error.hasPrefix("\(path):\(line):1: error: pinned attachment from 'u2' to 'g1'"),
      "\(run.error)")
    #expect(run.error.contains("^~~"))
  }

  @Test func emittedModelParsesBack() throws {
    let path = try writeFile("two.sagin", twoUserSource)
    let run = sagin("run", path, "--emit-model")
    #expect(run.exitCode == 0)
    let model = try ParaModel.parse(modelDocument: run.output)
    #expect(model.users.count == 2)
    #expect(model.nodes.map(\.id) == ["u1", "u2", "g1"])

    let program = try #require(
      Frontend.parse(source: SourceFile(path: path, text: twoUserSource))
        .program)
    let compiled = try #require(ModelCompiler.compile(program.scenario).model)
    #expect(model == compiled)
  }

  @Test func resultDocumentHasTheSpecKeyOrder() throws {
    let path = try writeFile("two.sagin", twoUserSource)
    let run = sagin("run", path, "--json")
    #expect(run.exitCode == 0, "\(run.error)")
    let document = try OrderedJSON.parse(run.output)
    let required = [
      "format", "version", "status", "method", "objective", "trace", "attachments", "users",
      "nodes", "check", "seconds",
    ]
    #expect(Array(document.keys.prefix(required.count)) == required)
    #expect(document["format"] == .string("sagin-result"))
    #expect(document["version"] == .number(1))
    #expect(document["method"] == .string("para"))
    #expect(document["attachments"] == .object([("u1", .string("g1")), ("u2", .string("g1"))]))

    let user = try #require(document["users"]?.items.first)
    #expect(
      user.keys == [
        "id", "shares", "hops", "frequencies", "latencies", "latency", "energy", "cost", "pte",
      ])
    #expect(user["shares"]?.items.count == 4)
    #expect(user["frequencies"]?.items.count == 4)
    let hop = try #require(user["hops"]?.items.first)
    #expect(hop.keys == ["from", "to", "bandwidth", "power", "rate", "time"])
    let nodes = try #require(document["nodes"]?.items)
    #expect(nodes.map { $0["id"] } == [.string("u1"), .string("u2"), .string("g1")])
    #expect(nodes[0].keys == ["id", "theta", "delay", "energy", "cost", "pte"])
    let check = try #require(document["check"])
    #expect(Array(check.keys.prefix(2)) == ["maxViolation", "feasible"])
    #expect(check["feasible"] == .bool(true))

    // The objective is the last entry of a never-decreasing trace.
    let trace = (document["trace"]?.items ?? []).compactMap { $0.numberValue }
    #expect(!trace.isEmpty)
    #expect(trace.last == document["objective"]?.numberValue)
    #expect(zip(trace, trace.dropFirst()).allSatisfy { $0 <= $1 })
  }

  @Test func jsonIsByteIdenticalWithoutTiming() throws {
    let path = try writeFile("two.sagin", twoUserSource)
    let first = sagin("run", path, "--json", "--no-timing", "--seed", "3")
    let second = sagin("run", path, "--json", "--no-timing", "--seed", "3")
    #expect(first.exitCode == 0)
    #expect(first.output == second.output)
    let document = try OrderedJSON.parse(first.output)
    #expect(document["seconds"] == .number(0))
  }

  @Test func solvingTheEmittedModelGivesTheSameObjective() throws {
    let path = try writeFile("two.sagin", twoUserSource)
    let emitted = sagin("run", path, "--emit-model")
    let modelPath = try writeFile("two.json", emitted.output)

    let direct = try OrderedJSON.parse(sagin("run", path, "--json", "--no-timing").output)
    let solved = sagin("solve", modelPath, "--json", "--no-timing")
    #expect(solved.exitCode == 0, "\(solved.error)")
    let fromModel = try OrderedJSON.parse(solved.output)
    let a = try #require(direct["objective"]?.numberValue)
    let b = try #require(fromModel["objective"]?.numberValue)
    #expect(abs(a - b) <= 1e-9 * abs(a))
  }

  @Test func malformedModelDocumentNamesThePath() throws {
    let path = try writeFile("bad.json", #"{"format": "sagin-model", "version": 1}"#)
    let run = sagin("solve", path)
    #expect(run.exitCode == 1)
    #expect(run.error.hasPrefix("\(path): error: "))
  }

  @Test func solvingAScenarioFileSuggestsRun() throws {
    let path = try writeFile("scenario.sagin", twoUserSource)
    let run = sagin("solve", path)
    #expect(run.exitCode == 1)
    #expect(run.error.hasPrefix("\(path): error: not valid JSON: "))
    #expect(run.error.contains("use 'sagin run \(path)'"))
  }

  @Test func humanReportShowsEverySection() throws {
    let path = try writeFile("two.sagin", twoUserSource + "solve\nreport users, summary\n")
    let run = sagin("run", path)
    #expect(run.exitCode == 0, "\(run.error)")
    #expect(run.output.contains("u1 -> g1"))
    #expect(run.output.contains("rate (Mbit/s)"))
    #expect(run.output.contains("optimal-stationary") || run.output.contains("iteration-limit"))
    #expect(!run.output.contains("Layers"))
    // The report opens with its solve's heading and the summary under it,
    // even though users were asked for first.
    let lines = run.output.split(separator: "\n")
    #expect(lines.first?.hasPrefix("\(path): para, ") == true)
    #expect(lines.dropFirst().first?.hasPrefix("  solver:") == true)
  }

  @Test func eachReportOfSeveralSolvesOpensWithItsOwnHeading() throws {
    let path = try writeFile(
      "twice.sagin", twoUserSource + "solve\nreport summary\nsolve exhaustive\nreport users\n")
    let run = sagin("run", path)
    #expect(run.exitCode == 0, "\(run.error)")
    let headings = run.output.split(separator: "\n").filter { $0.hasPrefix("\(path): ") }
    #expect(headings.map { $0.contains("para") ? "para" : "exhaustive" } == ["para", "exhaustive"])
    let exhaustive = try #require(run.output.range(of: "\(path): exhaustive"))
    #expect(run.output[exhaustive.upperBound...].contains("u1 -> g1"))
  }

  @Test func unmeetableDeadlineExitsWithTwo() throws {
    let source = twoUserSource.replacingOccurrences(
      of: "  power 0.1 W\n  workload small\n}\n\nuser u2",
      with: "  power 0.1 W\n  workload small\n  deadline 1 ms\n}\n\nuser u2")
    #expect(source != twoUserSource)
    let path = try writeFile("late.sagin", source)
    let run = sagin("run", path)
    #expect(run.exitCode == 2)
    #expect(run.error.contains("infeasible"))
    #expect(run.output.contains("the scenario is infeasible:"))
    // The explanation points at the deadline in the source, with a caret.
    let line = source.split(separator: "\n", omittingEmptySubsequences: false)
      .firstIndex { $0.contains("deadline 1 ms") }.map { $0 + 1 }
    let located = try #require(line)
    #expect(
      run.error.contains(
        "late.sagin:\(located):3: error: the scenario is infeasible: the deadline of 'u1'"))
    #expect(run.error.contains("  ^~~"))
    #expect(run.error.contains("hint: "))
  }
}

/// The order in which `run` executes a file's actions.
@Suite struct RunPlanTests {
  private func describe(_ actions: [Action]) -> String {
    RunCommand.plan(actions).map { step -> String in
      switch step {
      case .solve(let request, _): return "solve \(request.method)"
      case .report(let sections): return "report \(sections.joined(separator: ","))"
      case .print(let text): return "print \(text)"
      case .sweep(let plan, _): return "sweep \(plan.axes.joined(separator: ","))"
      case .compare(let request): return "compare \(request.methods.joined(separator: ","))"
      }
    }.joined(separator: "; ")
  }

  private let span = SourceSpan(start: 0, end: 1)

  @Test func fileWithoutActionsSolvesOnceAndReports() {
    #expect(describe([]) == "solve para; report ")
  }

  @Test func solveWithoutReportGetsAFullReport() {
    let actions: [Action] = [
      .solve(SolveRequest(), span),
      .solve(SolveRequest(method: "exhaustive"), span),
      .report(ReportRequest(sections: ["users"]), span),
    ]
    #expect(describe(actions) == "solve para; report ; solve exhaustive; report users")
  }

  @Test func aSolvesReportComesBeforeWhatFollowsIt() {
    let actions: [Action] = [
      .solve(SolveRequest(method: "nearest"), span), .print("after", span),
      .compare(CompareRequest(methods: ["para"]), span), .solve(SolveRequest(), span),
    ]
    #expect(
      describe(actions)
        == "solve nearest; report ; print after; compare para; solve para; report ")
  }

  @Test func reportBeforeSolveSolvesFirst() {
    #expect(describe([.report(ReportRequest(), span)]) == "solve para; report ")
  }
}

@Suite struct SolveRefusalTests {
  @Test func exhaustiveOnALargeScenarioIsRefusedAtItsSolveStatement() throws {
    let relief = try String(
      contentsOf: ExampleTests.root.appendingPathComponent("examples/relief.sagin"), encoding: .utf8
    )
    let body = relief.split(separator: "\n", omittingEmptySubsequences: false)
      .filter { !$0.hasPrefix("solve") && !$0.hasPrefix("report") }
    let source = body.joined(separator: "\n") + "\nsolve exhaustive\n"
    let path = try writeFile("big-exhaustive.sagin", source)
    let run = sagin("run", path)
    #expect(run.exitCode == 1)
    let line = body.count + 1
    #expect(
      run.error.hasPrefix(
        "\(path):\(line):1: error: the exhaustive method would enumerate more than"),
      "\(run.error)")
  }
}

@Suite struct UnreachableUserTests {
  @Test func aUserOutsideEveryCoverageIsWarnedAboutAtItsPosition() throws {
    // Without its explicit gain and with 50 m of coverage, u2 (200 m away) reaches nothing.
    let source =
      twoUserSource
      .replacingOccurrences(of: "server g1 {\n", with: "server g1 {\n  coverage 50 m\n")
      .replacingOccurrences(of: "gain u2 -> g1 = -110 dB\n", with: "")
    let path = try writeFile("alone.sagin", source)
    let run = sagin("check", path)
    #expect(run.exitCode == 0)
    let line =
      try #require(
        source.split(separator: "\n", omittingEmptySubsequences: false)
          .firstIndex { $0.contains("at (0 m, 200 m)") }) + 1
    #expect(
      run.error.hasPrefix(
        "\(path):\(line):3: warning: user 'u2' reaches no server and will train everything locally"),
      "\(run.error)")
  }
}
