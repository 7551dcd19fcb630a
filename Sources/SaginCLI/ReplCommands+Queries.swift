import Foundation
import SaginLanguage
import SaginModel
import SaginSolver

extension ReplCommands {
  // MARK: - Help and listing

  func help(_ words: [String]) -> Result {
    guard let topic = words.first else {
      var lines = ["Commands (anything else is read as .sagin text and added to the scenario):"]
      lines += Self.commands.map { "  \($0.summary)" }
      lines.append("Type a declaration (user, server, uav, satellite, workload), a setting,")
      lines.append("or 'gain', 'pin', 'forbid' as in a file; see 'help language'.")
      console.output(lines.joined(separator: "\n"))
      return .success
    }
    if topic == "language" {
      console.output(
        """
        The session holds a .sagin scenario; whatever is not a command is added to it,
        exactly as it would be written in a file (grammar.md is the reference):
          workload w { parameters 0.8 M; samples 50; sample-size 768 KiB; cycles-per-sample 100 Gcycles }
          user u1 { at (100 m, 0 m); cpu 2 GHz; power 23 dBm; workload w }
          server g1 { at (0 m, 0 m, 25 m); cpu 50 GHz; bandwidth 20 MHz; power 2 W }
          deadline 30 min
        A block may span several lines; input continues until its braces balance.
        Attributes of users: \(Frontend.attributeNames(of: "user").joined(separator: ", ")).
        """)
      return .success
    }
    guard let command = Self.commands.first(where: { $0.name == topic }) else {
      console.error(
        "error: no help topic '\(topic)'"
          + suggestion(topic, among: Self.commands.map(\.name) + ["language"]))
      return .failure
    }
    console.output(command.summary)
    return .success
  }

  func list(_ words: [String]) -> Result {
    let kinds = [
      "users": "user", "servers": "server", "uavs": "uav", "satellites": "satellite",
      "workloads": "workload",
    ]
    var wanted: String?
    if let word = words.first {
      guard let kind = kinds[word] ?? (kinds.values.contains(word) ? word : nil) else {
        console.error(
          "error: unknown kind '\(word)'" + suggestion(word, among: Array(kinds.keys).sorted()))
        return .failure
      }
      wanted = kind
    }
    guard let program = session.program else {
      console.output("(empty scenario)")
      return .success
    }
    let listed = program.declarationNames.filter { name in
      wanted == nil || program.layout(ofDeclaration: name)?.kind == wanted
    }
    if listed.isEmpty { console.output("(no \(wanted ?? "entity") declared)") }
    for name in listed {
      guard let layout = program.layout(ofDeclaration: name) else { continue }
      if let wanted, layout.kind != wanted { continue }
      console.output("\(layout.kind) \(name)")
    }
    return .success
  }

  /// `show NAME`: the entity's source, its links with gains and best-case
  /// rates, and its place in the last solution.
  func show(_ words: [String]) -> Result {
    guard words.count == 1, let name = words.first else {
      console.error("error: expected 'show NAME'")
      return .failure
    }
    guard let program = session.program, let layout = program.layout(ofDeclaration: name) else {
      console.error("error: no entity named '\(name)'" + suggestion(name, among: entityNames))
      return .failure
    }
    let utf8 = Array(session.text.utf8)
    console.output(
      String(decoding: utf8[layout.declaration.start..<layout.declaration.end], as: UTF8.self))
    guard let model = session.model, let node = model.nodeIndex(of: name) else { return .success }
    let links = model.links.filter { $0.from == node || $0.to == node }
    if links.isEmpty { console.output("  reaches no node and no node reaches it") }
    for link in links {
      let sender = model.nodes[link.from]
      let receiver = model.nodes[link.to]
      // The best case: the sender's whole power over the receiver's whole bandwidth.
      let rate = uplinkRate(
        bandwidth: receiver.bandwidth, power: sender.power, gain: link.gain,
        noiseDensity: link.noiseDensity)
      console.output(
        "  link \(sender.id) -> \(receiver.id): gain \(Figure.format(10 * log10(link.gain), digits: 4)) dB,"
          + " best-case rate \(Figure.format(rate / 1e6, digits: 4)) Mbit/s")
    }
    if let outcome = session.lastOutcome, node < outcome.allocation.association.parent.count {
      if let k = model.users.firstIndex(where: { $0.node == node }),
        k < outcome.allocation.users.count
      {
        let chain = outcome.allocation.users[k].chain.map { model.nodes[$0].id }
        console.output(
          "  last solution: chain \(chain.joined(separator: " -> ")),"
            + " PTE \(Figure.format(outcome.users[k].efficiency))")
      } else if node < outcome.nodes.count {
        console.output("  last solution: PTE \(Figure.format(outcome.nodes[node].efficiency))")
      }
    }
    return .success
  }

  // MARK: - Solving

  /// `solve [METHOD] [seed N] [tolerance X] [iterations N]`, as in a file.
  func solve(_ words: [String]) -> Result {
    var options = SolveOptions()
    var rest = words[...]
    if let word = rest.first, !["seed", "tolerance", "iterations"].contains(word) {
      guard let method = SolveMethod(rawValue: word) else {
        let names = SolveMethod.allCases.map(\.rawValue)
        console.error("error: unknown method '\(word)'" + suggestion(word, among: names))
        return .failure
      }
      options.method = method
      rest = rest.dropFirst()
    }
    while let option = rest.first {
      guard rest.count >= 2, let value = Double(rest[rest.startIndex + 1]), value.isFinite,
        value > 0
      else {
        console.error("error: expected 'seed N', 'tolerance X' or 'iterations N' after the method")
        return .failure
      }
      switch option {
      case "seed" where value == value.rounded(): options.seed = UInt64(value)
      case "tolerance" where value < 1: options.tolerance = value
      case "iterations" where value == value.rounded(): options.maxIterations = Int(value)
      default:
        console.error("error: invalid '\(option) \(rest[rest.startIndex + 1])'")
        return .failure
      }
      rest = rest.dropFirst(2)
    }
    guard let model = session.model else {
      console.error("error: nothing to solve yet: declare at least one user")
      return .failure
    }
    options.warmStart = session.warmStart
    options.shouldStop = { SolveInterruption.isRequested }
    let outcome: SolveOutcome
    SolveInterruption.begin()
    defer { SolveInterruption.end() }
    do {
      outcome = try ParaSolver.solve(model, options: options)
    } catch {
      console.error("error: \(error)")
      return .failure
    }
    session.record(outcome)
    console.writeOutput(render(outcome, sections: ["summary"]))
    return outcome.status == .infeasible || outcome.status == .numericalFailure
      ? .failure : .success
  }

  func report(_ words: [String]) -> Result {
    guard let outcome = session.lastOutcome, let model = session.model else {
      console.error("error: no solution yet; use 'solve' first")
      return .failure
    }
    for word in words where !HumanReport.sections.contains(word) {
      console.error(
        "error: unknown report section '\(word)'"
          + suggestion(word, among: HumanReport.sections))
      return .failure
    }
    guard model.nodes.count == outcome.nodes.count else {
      console.error("error: the scenario changed since the last solve; use 'solve' again")
      return .failure
    }
    if !session.editsSinceSolve.isEmpty {
      console.error(
        "note: the scenario changed since this solution ("
          + session.editsSinceSolve.joined(separator: "; ") + "); 'solve' to update it")
    }
    console.writeOutput(render(outcome, sections: words))
    return .success
  }

  func render(_ outcome: SolveOutcome, sections: [String]) -> String {
    guard let model = session.model else { return "" }
    // Piped sessions are scripts: no wall times, so their output is reproducible.
    return HumanReport(
      outcome: outcome, model: model, title: "scenario", omitsTiming: !session.isInteractive
    ).rendered(sections: sections)
  }

  /// `explain USER`: the chain, F with every other first attachment, and the binding limits.
  func explain(_ words: [String]) -> Result {
    guard words.count == 1, let name = words.first else {
      console.error("error: expected 'explain USER'")
      return .failure
    }
    guard let outcome = session.lastOutcome, let model = session.lastSolvedModel else {
      console.error("error: no solution to explain; use 'solve' first")
      return .failure
    }
    guard outcome.status == .optimalStationary || outcome.status == .iterationLimit else {
      console.error(
        "error: the last solve was \(outcome.status.rawValue); there is no allocation to explain")
      return .failure
    }
    let users = model.users.map { model.nodes[$0.node].id }
    guard let k = users.firstIndex(of: name) else {
      console.error("error: no user named '\(name)'" + suggestion(name, among: users))
      return .failure
    }
    if !session.editsSinceSolve.isEmpty {
      console.error("note: this explains the last solution; the scenario changed since")
    }
    let explanation = ParaSolver.explain(user: k, in: model, outcome: outcome)
    let ids = model.nodes.map(\.id)
    var lines = [
      "\(name): chain \(explanation.chain.map { ids[$0] }.joined(separator: " -> ")),"
        + " F \(Figure.format(explanation.objective, digits: 6))"
    ]
    for alternative in explanation.alternatives {
      let target = alternative.upper.map { "attached to '\(ids[$0])'" } ?? "training locally"
      guard let value = alternative.objective else {
        lines.append("  \(target): infeasible")
        continue
      }
      let change = (value / explanation.objective - 1) * 100
      lines.append(
        "  \(target): F \(Figure.format(value, digits: 6)) (\(String(format: "%+.2f", change)) %)")
    }
    if explanation.alternatives.isEmpty { lines.append("  no other attachment is allowed") }
    lines.append(
      explanation.bindingLimits.isEmpty
        ? "  no limit on the chain binds"
        : "  binding: " + explanation.bindingLimits.joined(separator: "; "))
    if explanation.alternatives.contains(where: { ($0.objective ?? 0) > explanation.objective }) {
      lines.append("  an alternative scores higher when re-optimized; 'solve' again may move it")
    }
    console.output(lines.joined(separator: "\n"))
    return .success
  }

  /// `diff`: F and per-node efficiency between the last two solves, and the edits between them.
  func diff() -> Result {
    guard let after = session.lastOutcome, let before = session.outcomeBeforeLast,
      let model = session.model
    else {
      console.error("error: 'diff' compares the last two solves; solve twice first")
      return .failure
    }
    let usable: Set<SolveStatus> = [.optimalStationary, .iterationLimit]
    guard usable.contains(before.status), usable.contains(after.status) else {
      let statuses = "\(before.status.rawValue) then \(after.status.rawValue)"
      console.error("error: 'diff' needs two solutions; the last two solves were \(statuses)")
      return .failure
    }
    let change = before.objective != 0 ? (after.objective / before.objective - 1) * 100 : 0
    var lines = [
      "F: \(Figure.format(before.objective, digits: 6)) -> \(Figure.format(after.objective, digits: 6))"
        + " (\(String(format: "%+.2f", change)) %)"
    ]
    let edits = session.editsBetweenSolves
    lines.append(edits.isEmpty ? "edits: none" : "edits: " + edits.joined(separator: "; "))
    if before.nodes.count == after.nodes.count {
      for (n, node) in model.nodes.enumerated() {
        let old = before.nodes[n].efficiency
        let new = after.nodes[n].efficiency
        guard abs(new - old) > 1e-9 * max(abs(old), 1) else { continue }
        lines.append("  \(node.id): per-node PTE \(Figure.format(old)) -> \(Figure.format(new))")
      }
    } else {
      lines.append("  (the set of nodes changed; per-node figures are not comparable)")
    }
    console.output(lines.joined(separator: "\n"))
    return .success
  }

  // MARK: - Files

  func save(_ words: [String]) -> Result {
    guard words.count == 1, let path = words.first else {
      console.error("error: expected 'save FILE'")
      return .failure
    }
    let grouped =
      session.program.map { CanonicalLayout.text(of: $0, source: session.text) }
      ?? CanonicalLayout.header
    // Written in the canonical layout of `sagin fmt`.
    let body = Formatter.format(SourceFile(path: path, text: grouped)).text ?? grouped
    do {
      try body.write(toFile: path, atomically: true, encoding: .utf8)
    } catch {
      console.error("error: cannot write '\(path)': \(error.localizedDescription)")
      return .failure
    }
    session.markSaved()
    console.output("saved \(path)")
    return .success
  }

  func load(_ words: [String], force: Bool) -> Result {
    guard words.count == 1, let path = words.first else {
      console.error("error: expected 'load FILE'")
      return .failure
    }
    if session.hasUnsavedEdits, !force {
      let question = "the session has unsaved edits; discard them and load '\(path)'?"
      guard session.isInteractive, session.confirm(question) else {
        console.error(
          "error: the session has unsaved edits; 'save FILE' first, or 'load! \(path)' to discard them"
        )
        return .failure
      }
    }
    guard let data = FileManager.default.contents(atPath: path),
      let text = String(data: data, encoding: .utf8)
    else {
      console.error("error: cannot read '\(path)'")
      return .failure
    }
    // Actions in the file are for `sagin run`; the session keeps the scenario.
    let previousDirectory = session.scriptOptions.includeDirectory
    session.scriptOptions.includeDirectory = (path as NSString).deletingLastPathComponent
    guard session.replace(with: text) else {
      session.scriptOptions.includeDirectory = previousDirectory
      return .failure
    }
    console.output("loaded \(path)")
    return .success
  }
}
