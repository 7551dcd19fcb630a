import Foundation
import Testing

@testable import SaginCLI

/// The scripting layer from the command line: `-D`, `--seed`, `--limit`,
/// `print`, sweeps with `--csv` and `--json`, and the REPL's `print`.
@Suite struct ScriptCommandTests {
  private let script = """
    param users = 3
    param bandwidth = 10 MHz
    seed 4
    workload w { parameters 1 M; samples 100; sample-size 1 MB; cycles-per-sample 1 Gcycles }
    template user phone { cpu 1 GHz; power 0.1 W; workload w }
    for i in 1..users {
      user "u{i}" from phone { at uniform-disc((0 m, 0 m), 300 m) }
    }
    server g1 { at (0 m, 0 m); cpu 10 GHz; bandwidth bandwidth; power 1 W }
    print "{users} users, {bandwidth in MHz} MHz"
    """

  @Test func definitionsChangeParameters() throws {
    let path = try writeFile("d.sagin", script)
    let check = sagin("check", path, "-D", "users=5", "-Dbandwidth=20MHz")
    #expect(check.exitCode == 0)
    #expect(check.output.contains("ok (5 users, 1 server, 5 links)"))
    let run = sagin("run", path, "-D", "users=2", "--no-timing")
    #expect(run.exitCode == 0)
    #expect(run.output.hasPrefix("2 users, 10 MHz\n"))
  }

  @Test func badDefinitionsAreLocatedErrors() throws {
    let path = try writeFile("d.sagin", script)
    let wrongUnit = sagin("check", path, "-D", "bandwidth=3 s")
    #expect(wrongUnit.exitCode == 1)
    #expect(
      wrongUnit.error.contains(
        "d.sagin:2:7: error: '-D bandwidth=3 s' gives a time, but parameter 'bandwidth' is a frequency"
      ))
    let unknown = sagin("check", path, "-D", "user=3")
    #expect(unknown.error.contains("error: the file has no parameter 'user' to set with -D"))
    #expect(unknown.error.contains("hint: did you mean 'users'?"))
    let malformed = sagin("check", path, "-D", "users")
    #expect(malformed.exitCode == 64)
  }

  @Test func theSameSeedGivesByteIdenticalJSON() throws {
    let path = try writeFile("d.sagin", script)
    let first = sagin("run", path, "--json", "--no-timing")
    let second = sagin("run", path, "--json", "--no-timing")
    #expect(first.exitCode == 0)
    #expect(first.output == second.output)
    let otherSeed = sagin("run", path, "--json", "--no-timing", "--seed", "5")
    #expect(otherSeed.output != first.output)
    let model = sagin("run", path, "--emit-model", "--seed", "5")
    #expect(model.output == sagin("run", path, "--emit-model", "--seed", "5").output)
  }

  @Test func limitsCanBeRaisedFromTheCommandLine() throws {
    let path = try writeFile(
      "big.sagin", script.replacingOccurrences(of: "users = 3", with: "users = 30"))
    let limited = sagin("check", path, "--limit", "iterations=10")
    #expect(limited.exitCode == 1)
    #expect(
      limited.error.contains(
        "hint: if you trust this file, raise the limit with '--limit iterations=20'"))
    #expect(sagin("check", path, "--limit", "iterations=1000").exitCode == 0)
    #expect(sagin("check", path, "--limit", "loops=100").exitCode == 64)
  }

  @Test func sweepsPrintATableAndWriteCSVAndJSON() throws {
    let sweep = script + "\nsweep bandwidth over [5, 20] MHz {\n  solve para\n  solve local\n}\n"
    let path = try writeFile("sweep.sagin", sweep)
    let csv = (path as NSString).deletingLastPathComponent + "/rows.csv"
    let run = sagin("run", path, "--no-timing", "--csv", csv)
    #expect(run.exitCode == 0, "\(run.error)")
    #expect(run.output.contains("sweep over bandwidth (2 points)"))
    #expect(run.output.contains("20 MHz  local"))
    // A file whose only solves are in sweeps runs no other solve.
    #expect(!run.output.contains("Users (shares"))
    let rows = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n")
    #expect(rows.count == 5)
    #expect(rows.first?.hasPrefix("bandwidth,method,status,F,pte_local") == true)
    #expect(rows[1].hasPrefix("5 MHz,para,optimal-stationary,"))
    let json = sagin("run", path, "--json", "--no-timing")
    #expect(json.output.contains("\"format\": \"sagin-sweep\""))
    #expect(json.output == sagin("run", path, "--json", "--no-timing").output)
  }

  @Test func replPrintsAndSweepsWithoutEditingTheScenario() throws {
    let path = try writeFile("d.sagin", script)
    let captured = CapturedConsole()
    var lines = ["print users * 2", "sweep users over [1, 2] { solve }", "source"][...]
    let code = ReplCommand(path: path, console: captured.console, isInteractive: false)
      .run(readLine: { lines.popFirst() })
    #expect(code == 0, "\(captured.standardError)")
    #expect(captured.standardOutput.contains("\n6\n"))
    #expect(captured.standardOutput.contains("sweep over users (2 points)"))
    #expect(!captured.standardOutput.contains("print users * 2\n"))
  }
}

/// `compare`: one table, the reference's gains by hand from the rows.
@Suite struct CompareCommandTests {
  @Test func compareRunsEveryMethodOnceAndRandomOncePerSeed() throws {
    let source = twoUserSource.split(separator: "\n")
      .filter { !$0.hasPrefix("solve") && !$0.hasPrefix("report") }.joined(separator: "\n")
    let path = try writeFile("c.sagin", source + "\ncompare para, random, local seeds 1..3\n")
    let run = sagin("run", path, "--json", "--no-timing")
    #expect(run.exitCode == 0, "\(run.error)")
    let document = try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any]
    let rows = document?["rows"] as? [[String: Any]] ?? []
    #expect(rows.map { $0["method"] as? String } == ["para", "random", "local"])
    #expect(rows.map { ($0["runs"] as? [Any])?.count } == [1, 3, 1])
    let means = rows.compactMap { $0["mean_F"] as? Double }
    #expect(means.count == 3)
    guard means.count == 3 else { return }
    let gain = rows[2]["reference_improvement"] as? Double ?? 0
    #expect(abs(gain - (means[0] - means[2]) / means[2]) < 1e-12)
    let table = sagin("run", path, "--no-timing")
    #expect(table.output.contains("comparison (seeds 1, 2, 3"))
    #expect(table.output.contains("para's F is "))
  }

  @Test func unknownMethodsAreLocated() throws {
    let path = try writeFile("c.sagin", twoUserSource + "\ncompare para, nearst\n")
    let run = sagin("check", path)
    #expect(run.exitCode == 1)
    #expect(run.error.contains("error: unknown solve method 'nearst'"))
    #expect(run.error.contains("hint: did you mean 'nearest'?"))
  }
}

/// The REPL on a script: template attributes are overridden in the block,
/// never edited in the template; generated blocks are refused.
@Suite struct ReplScriptTests {
  private let source = """
    workload w { parameters 1 M; samples 100; sample-size 1 MB; cycles-per-sample 1 Gcycles }
    template user phone { at (0 m, 0 m); cpu 2 GHz; power 0.1 W; workload w }
    user alice from phone { at (10 m, 0 m) }
    user bob from phone { at (20 m, 0 m) }
    user carol from phone
    for i in 1..2 {
      user "gen{i}" from phone
    }
    server g1 { at (0 m, 0 m); cpu 10 GHz; bandwidth 10 MHz; power 1 W }
    """

  private func session(_ commands: [String]) throws -> CapturedConsole {
    let path = try writeFile("t.sagin", source)
    let captured = CapturedConsole()
    var lines = commands[...]
    _ = ReplCommand(path: path, console: captured.console, isInteractive: false)
      .run(readLine: { lines.popFirst() })
    return captured
  }

  @Test func settingATemplateAttributeOverridesItInTheBlock() throws {
    let captured = try session(["set alice.cpu = 3 GHz", "set carol.cpu = 4 GHz", "source"])
    let output = captured.standardOutput
    #expect(output.contains("template user phone { at (0 m, 0 m); cpu 2 GHz;"))
    #expect(output.contains("user alice from phone { at (10 m, 0 m); cpu 3 GHz }"))
    #expect(output.contains("user bob from phone { at (20 m, 0 m) }"))
    #expect(output.contains("user carol from phone { cpu 4 GHz }"))
  }

  @Test func generatedBlocksAndTemplateAttributesAreNotEditedInPlace() throws {
    let captured = try session(["set gen1.cpu = 3 GHz", "unset alice.cpu", "source"])
    #expect(captured.standardError.contains("error: 'gen1' is made by a loop (i = 1)"))
    #expect(captured.standardError.contains("error: 'alice.cpu' is not written in the scenario"))
    #expect(captured.standardOutput.contains("template user phone { at (0 m, 0 m); cpu 2 GHz;"))
  }
}

/// A misspelt REPL command gets the command suggested, not a language keyword.
@Suite struct ReplTypoTests {
  @Test func aMisspeltCommandSuggestsTheCommand() throws {
    let path = try writeFile("t.sagin", twoUserSource)
    let captured = CapturedConsole()
    var lines = ["lst", "shwo u1", "list"][...]
    let code = ReplCommand(path: path, console: captured.console, isInteractive: false)
      .run(readLine: { lines.popFirst() })
    #expect(code == 1)
    #expect(captured.standardError.contains("error: unknown command 'lst'; did you mean 'list'?"))
    #expect(captured.standardError.contains("error: unknown command 'shwo'; did you mean 'show'?"))
    #expect(captured.standardOutput.contains("user u1"))
  }
}
