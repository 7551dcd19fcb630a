import Foundation
import SaginLanguage
import SaginModel
import Testing

@testable import SaginCLI

/// Runs a piped REPL session on `lines` and returns what it printed.
func repl(_ lines: [String], file: String? = nil) -> SaginRun {
  let captured = CapturedConsole()
  var remaining = lines[...]
  let code = ReplCommand(path: file, console: captured.console, isInteractive: false)
    .run(readLine: { remaining.popFirst() })
  return SaginRun(exitCode: code, output: captured.standardOutput, error: captured.standardError)
}

@Suite struct ReplTests {
  @Test func scriptedSessionEditsSolvesUndoesSavesAndReloads() throws {
    let file = try writeFile("two.sagin", twoUserSource)
    let saved = try temporaryDirectory().appendingPathComponent("saved.sagin").path
    let run = repl(
      [
        "set u1.cpu = 3 GHz",
        "solve",
        "set g1.bandwidth = 4 MHz",
        "solve",
        "diff",
        "undo",
        "save \(saved)",
        "quit",
      ], file: file)
    #expect(run.exitCode == 0, "\(run.error)")
    #expect(run.output.contains("F: "))
    #expect(run.output.contains("edits: set g1.bandwidth = 4 MHz"))
    #expect(run.output.contains("undid: set g1.bandwidth = 4 MHz"))
    // The second solve starts from the first solution: same nodes, still feasible.
    #expect(run.output.contains("note: warm start from the previous solution"))
    // The saved file holds the first edit but not the undone one.
    let text = try String(contentsOfFile: saved, encoding: .utf8)
    #expect(text.contains("cpu 3 GHz"))
    #expect(text.contains("bandwidth 2 MHz"))

    // Loading the saved file gives the same model and the same solution as
    // the session had after the first edit.
    let direct = sagin("run", saved, "--json", "--no-timing")
    let edited = twoUserSource.replacingOccurrences(
      of: "cpu 1 GHz\n  power 0.1 W\n  workload small\n}\n\nuser u2",
      with: "cpu 3 GHz\n  power 0.1 W\n  workload small\n}\n\nuser u2")
    #expect(edited != twoUserSource)
    let reference = sagin("run", try writeFile("edited.sagin", edited), "--json", "--no-timing")
    #expect(direct.exitCode == 0)
    let objective = { (json: String) in
      json.split(separator: "\n").first { $0.contains("\"objective\"") }
    }
    #expect(objective(direct.output) == objective(reference.output))
  }

  @Test func aFailingEditLeavesTheScenarioExactlyAsItWas() throws {
    let file = try writeFile("two.sagin", twoUserSource)
    let run = repl(
      ["source", "set u1.cpu = 3 km", "set u1.cpux = 3 GHz", "remove small", "source"], file: file)
    #expect(run.exitCode == 1)
    // `source` before and after the three refused edits prints the same text.
    let text = twoUserSource.hasSuffix("\n") ? twoUserSource : twoUserSource + "\n"
    #expect(run.output == "loaded \(file)\n" + text + text)
    #expect(run.error.contains("expected a frequency"))
    #expect(run.error.contains("hint: did you mean 'cpu'?"))
    #expect(run.error.contains("unknown workload 'small'"))
    #expect(run.error.contains("note: 'small' stays"))
  }

  @Test func declarationsSpanLinesUntilBracesBalance() {
    let run = repl([
      "workload w { parameters 1 M; samples 100; sample-size 1 MB; cycles-per-sample 1 Gcycles }",
      "user a {",
      "  at (0 m, 0 m)",
      "  cpu 2 GHz; power 0.1 W; workload w",
      "}",
      "list users",
    ])
    #expect(run.exitCode == 0, "\(run.error)")
    #expect(run.output == "user a\n")
  }

  @Test func unknownCommandsAndEntitiesSuggestTheRightOne() {
    let run = repl([
      "workload w { parameters 1 M; samples 100; sample-size 1 MB; cycles-per-sample 1 Gcycles }",
      "user alpha { at (0 m, 0 m); cpu 2 GHz; power 0.1 W; workload w }",
      "show alpa", "help slove", "list user",
    ])
    #expect(run.exitCode == 1)
    #expect(run.error.contains("no entity named 'alpa'; did you mean 'alpha'?"))
    #expect(run.error.contains("no help topic 'slove'; did you mean 'solve'?"))
    #expect(run.output.contains("user alpha"))
  }

  @Test func explainComparesTheOtherAttachmentsAndNamesBindingLimits() throws {
    let file = try writeFile("two.sagin", twoUserSource)
    let run = repl(["solve", "explain u1", "explain u3"], file: file)
    #expect(run.exitCode == 1)
    #expect(run.output.contains("u1: chain u1 -> g1, F "))
    // The only other choice is to train locally, which must not beat the solution.
    let local = try #require(
      run.output.split(separator: "\n").first { $0.contains("training locally: F ") })
    #expect(local.contains("(-"))
    #expect(run.output.contains("binding: ") || run.output.contains("no limit on the chain binds"))
    #expect(run.error.contains("no user named 'u3'"))
  }

  @Test func constraintsAreAddedAndDroppedAndAttributesUnset() throws {
    let file = try writeFile("two.sagin", twoUserSource)
    let run = repl(
      [
        "source", "pin u1 -> g1", "deadline 2 h", "set u2.deadline = 1 h",
        "drop pin u1 -> g1", "drop deadline 2 h", "unset u2.deadline", "source",
      ], file: file)
    #expect(run.exitCode == 0, "\(run.error)")
    // After dropping and unsetting what was added, the text is the original again.
    let text = twoUserSource.hasSuffix("\n") ? twoUserSource : twoUserSource + "\n"
    let dropped = "dropped: pin u1 -> g1\ndropped: deadline 2 h\n"
    #expect(run.output == "loaded \(file)\n" + text + dropped + text)
  }

  @Test func dropTakesTheStartOfALineAndRefusesAmbiguity() throws {
    let file = try writeFile("two.sagin", twoUserSource)
    let run = repl(["drop gain", "drop gain u2 -> g1", "list uavs", "set u1 = 3"], file: file)
    #expect(run.exitCode == 1)
    #expect(run.error.contains("2 lines start with 'gain'"))
    #expect(run.output.contains("dropped: gain u2 -> g1 = -110 dB"))
    #expect(run.output.contains("(no uav declared)"))
    #expect(
      run.error.contains("to change an attribute of 'u1', write 'set u1.ATTRIBUTE = VALUE'"))
  }

  @Test func diffAndExplainRefuseAnInfeasibleSolve() throws {
    let file = try writeFile("two.sagin", twoUserSource)
    let run = repl(["solve", "set u1.deadline = 1 s", "solve", "diff", "explain u1"], file: file)
    #expect(run.exitCode == 1)
    #expect(
      run.error.contains(
        "'diff' needs two solutions; the last two solves were optimal-stationary then infeasible"))
    #expect(run.error.contains("the last solve was infeasible; there is no allocation to explain"))
  }

  @Test func solveAndReportTakeTheirFileOptions() throws {
    let file = try writeFile("two.sagin", twoUserSource)
    let run = repl(
      ["solve para iterations 1", "report users, summary", "solve para seed x"], file: file)
    #expect(run.exitCode == 1)
    #expect(run.output.contains("solver:        1 iteration\n"))
    #expect(run.output.contains("Users (shares"))
    #expect(run.error.contains("expected 'seed N', 'tolerance X' or 'iterations N'"))
  }

  /// `save` regroups a declarative scenario into commented sections; saving
  /// the saved file again gives the same bytes, and both compile to the
  /// original model. A script (relief uses templates and loops) is written
  /// as it stands, since its statements depend on their order.
  @Test(arguments: [("tiny", ["# --- Users ---", "# --- Ground servers ---"]), ("relief", [])])
  func saveRoundTrips(example: String, titles: [String]) throws {
    let path = ExampleTests.root.appendingPathComponent("examples/\(example).sagin").path
    let directory = try temporaryDirectory()
    let first = directory.appendingPathComponent("first.sagin").path
    let second = directory.appendingPathComponent("second.sagin").path
    #expect(repl(["save \(first)"], file: path).exitCode == 0)
    #expect(repl(["save \(second)"], file: first).exitCode == 0)
    let text = try String(contentsOfFile: first, encoding: .utf8)
    #expect(try String(contentsOfFile: second, encoding: .utf8) == text)
    for title in titles {
      #expect(text.contains(title))
    }
    let original = sagin("run", path, "--emit-model")
    let saved = sagin("run", first, "--emit-model")
    #expect(original.exitCode == 0 && saved.exitCode == 0)
    #expect(original.output == saved.output)
  }

  /// Seeded soups of commands, names, units and punctuation never crash the
  /// session, and every line gets an answer or a clean refusal.
  @Test func randomInputNeverCrashesTheSession() throws {
    let file = try writeFile("two.sagin", twoUserSource)
    let pieces = [
      "set", "unset", "drop", "remove", "show", "list", "undo", "redo", "explain", "diff",
      "report", "source", "help", "u1", "u2", "g1", "small", "u1.cpu", "g1.bandwidth", "=", "{",
      "}", "3", "GHz", "-1", "MHz", "dBm", "deadline", "pin", "->", ";", "\"", "#", "user", "x.y",
      "1e400", "nan", ".", "..", "users",
    ]
    var random = SplitMix64(seed: 17)
    var lines: [String] = []
    for _ in 0..<150 {
      let count = Int(random.next() % 5) + 1
      lines.append(
        (0..<count).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }
          .joined(separator: " "))
    }
    // Close whatever block a random '{' left open, then print the scenario.
    let closing = Array(repeating: "}", count: 40) + ["# end", "help quit", "source"]
    let run = repl(lines + closing, file: file)
    #expect(run.exitCode == 1)
    // Whatever was accepted or refused, the session holds a scenario that checks.
    let marker = "quit (or exit, or Ctrl-D): leave\n"
    let parts = run.output.components(separatedBy: marker)
    #expect(parts.count >= 2)
    let text = parts.last ?? ""
    let parsed = Frontend.parse(source: SourceFile(path: "s", text: text), allowsNoUsers: true)
    let errors = parsed.diagnostics.filter { $0.isError }
    #expect(errors.isEmpty, "\(text)")
  }

  @Test func helpListsEveryCommand() {
    let run = repl(["help"])
    for command in ReplCommands.commands { #expect(run.output.contains(command.summary)) }
  }

  @Test func loadRefusesToDropUnsavedEditsWithoutConfirmation() throws {
    let file = try writeFile("two.sagin", twoUserSource)
    let run = repl(["set u1.cpu = 3 GHz", "load \(file)", "load! \(file)"], file: file)
    #expect(run.exitCode == 1)
    #expect(run.error.contains("unsaved edits"))
    #expect(run.output.components(separatedBy: "loaded \(file)").count == 3)
  }

  @Test func completionOffersAnEntitysAttributesAfterItsName() {
    let session = ReplSession(console: CapturedConsole().console, isInteractive: false)
    let commands = ReplCommands(session: session)
    _ = commands.execute(
      "workload w { parameters 1 M; samples 100; sample-size 1 MB; cycles-per-sample 1 Gcycles }")
    _ = commands.execute("user u3 { at (0 m, 0 m); cpu 2 GHz; power 0.1 W; workload w }")
    let attributes = completionCandidates(for: "set u3.d", session: session)
    #expect(attributes == ["u3.deadline"])
    #expect(completionCandidates(for: "sh", session: session) == ["show"])
    #expect(completionCandidates(for: "show u", session: session) == ["u3"])
    #expect(completionCandidates(for: "user u9 { cpu 2 GH", session: session) == ["GHz"])
  }

  @Test func braceCountingIgnoresCommentsAndStrings() {
    #expect(ReplCommand.openBraces(in: "user a {") == 1)
    #expect(ReplCommand.openBraces(in: "user \"x{\" { # }") == 1)
    #expect(ReplCommand.openBraces(in: "user a { }") == 0)
    // A string cannot span lines: an unclosed quote does not hide later braces.
    #expect(ReplCommand.openBraces(in: "user \"a {\n}") == -1)
  }
}
