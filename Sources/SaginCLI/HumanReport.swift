import SaginModel
import SaginSolver

/// The human-readable report of one solve: aligned tables with units in the
/// headers, in the sections a `report` statement names (`summary`, `users`,
/// `nodes`, `layers`; all of them when none is named).
struct HumanReport {
  static let sections = ["summary", "users", "nodes", "layers"]

  let outcome: SolveOutcome
  let model: ParaModel
  /// Names the solve in the heading: the scenario file or model document.
  let title: String
  let omitsTiming: Bool

  var ids: [String] { model.nodes.map(\.id) }

  /// The requested sections in the order asked, or every section. An
  /// infeasible or failed solve has no allocation to show, so only its
  /// summary (with the reasons) is printed.
  func rendered(sections requested: [String]) -> String {
    var names = requested.isEmpty ? HumanReport.sections : requested
    if outcome.status == .infeasible || outcome.status == .numericalFailure {
      names = ["summary"]
    }
    // The summary continues the heading, so it comes first wherever it was asked for.
    if let summary = names.firstIndex(of: "summary"), summary > 0 {
      names.remove(at: summary)
      names.insert("summary", at: 0)
    }
    let parts = names.map { name -> String in
      switch name {
      case "users": return usersSection()
      case "nodes": return nodesSection()
      case "layers": return layersSection()
      default: return summarySection()
      }
    }
    // Every report opens with the solve it belongs to, whatever its sections,
    // so the reports of several solves in one file cannot be confused.
    let heading = "\(title): \(outcome.method.rawValue), \(outcome.status.rawValue)"
    return heading + "\n" + parts.joined(separator: "\n\n") + "\n"
  }

  // MARK: - Summary

  func summarySection() -> String {
    var lines: [String] = []
    // The exhaustive method counts associations, not iterations.
    let unit = outcome.method == .exhaustive ? "association" : "iteration"
    let iterations = outcome.iterations == 1 ? "1 \(unit)" : "\(outcome.iterations) \(unit)s"
    let time = omitsTiming ? "" : ", \(Figure.seconds(outcome.seconds))"
    lines.append("  solver:        \(iterations)\(time)")
    if outcome.status != .infeasible {
      lines.append(
        "  F:             \(Figure.format(outcome.objective, digits: 6))"
          + "  (sum of \(model.objective.rawValue) PTE, parameter updates per unit cost)")
      lines.append("  F trace:       \(traceText())")
    }
    let check = outcome.check
    let verdict = check.isFeasible ? "feasible" : "NOT feasible"
    // An infeasible solve has no point to check; its reasons follow instead.
    if outcome.status != .infeasible {
      lines.append(
        "  re-check:      max relative violation \(Figure.format(check.maxViolation, digits: 3))"
          + " (\(verdict); tolerance \(Figure.format(FeasibilityReport.tolerance)))")
    }
    if !check.isFeasible, outcome.status != .infeasible {
      let worst = check.violations.filter { $0.violation > FeasibilityReport.tolerance }
      for (family, violation) in worst {
        lines.append("                 \(family): \(Figure.format(violation, digits: 3))")
      }
    }
    if outcome.status == .infeasible {
      lines.append("  the scenario is infeasible:")
      if outcome.infeasibility.isEmpty { lines.append("    - no reason was given by the solver") }
      for reason in outcome.infeasibility {
        lines.append("    - \(reason.message)")
        if let hint = reason.hint { lines.append("      hint: \(hint)") }
      }
    }
    if outcome.status == .numericalFailure {
      lines.append("  the solver failed numerically; no allocation is reported")
    }
    lines += outcome.notes.map { "  note: \($0)" }
    return lines.joined(separator: "\n")
  }

  /// The F trace, shortened to its ends when long.
  private func traceText() -> String {
    let values = outcome.trace.map { Figure.format($0, digits: 6) }
    guard values.count > 6 else { return values.joined(separator: " -> ") }
    let head = values.prefix(3).joined(separator: " -> ")
    let tail = values.suffix(2).joined(separator: " -> ")
    return "\(head) -> ... -> \(tail) (\(values.count) entries)"
  }

  // MARK: - Users

  func usersSection() -> String {
    var users = TextTable([
      ("user", .left), ("chain", .left), ("local", .right), ("ground", .right),
      ("UAV", .right), ("satellite", .right), ("time (s)", .right),
      ("chain energy (J)", .right), ("cost", .right), ("PTE", .right),
    ])
    for (allocation, figures) in zip(outcome.allocation.users, outcome.users) {
      let onChain = Set(allocation.chain.map { model.nodes[$0].layer.rawValue })
      let shares = (0..<4).map {
        onChain.contains($0) ? Figure.percent(allocation.shares[$0]) : "-"
      }
      users.append(
        [ids[allocation.chain[0]], chainText(allocation.chain)] + shares + [
          Figure.format(figures.completionTime), Figure.format(figures.energy),
          Figure.format(figures.cost), Figure.format(figures.efficiency),
        ])
    }
    let hasHops = outcome.users.contains { !$0.hops.isEmpty }
    return "Users (shares of each user's data trained per layer)\n"
      + "  chain energy: what every node on the chain spends for the user;"
      + " cost = w_T time + w_E energy; PTE = parameter updates / cost\n" + users.rendered()
      + (hasHops ? "\n\nHops\n" + hopsTable().rendered() : "")
      + "\n\nTraining per layer\n" + trainingTable().rendered()
  }

  private func hopsTable() -> TextTable {
    let powers = outcome.users.flatMap { $0.hops.map(\.power) }
    let unit = PowerUnit(values: powers)
    var table = TextTable([
      ("user", .left), ("hop", .left), ("data (Mbit)", .right), ("rate (Mbit/s)", .right),
      ("bandwidth (MHz)", .right), ("power (\(unit.name))", .right), ("time (s)", .right),
      ("energy (J)", .right),
    ])
    for (allocation, figures) in zip(outcome.allocation.users, outcome.users) {
      for hop in figures.hops {
        table.append([
          ids[allocation.chain[0]], "\(ids[hop.from]) -> \(ids[hop.to])",
          Figure.format(hop.bits / 1e6), Figure.format(hop.rate / 1e6),
          Figure.format(hop.bandwidth / 1e6), Figure.format(hop.power * unit.scale),
          Figure.format(hop.time), Figure.format(hop.energy),
        ])
      }
    }
    return table
  }

  private func trainingTable() -> TextTable {
    var table = TextTable([
      ("user", .left), ("node", .left), ("layer", .left), ("share", .right),
      ("CPU (GHz)", .right), ("compute (s)", .right), ("ready at (s)", .right),
      ("energy (J)", .right),
    ])
    for (allocation, figures) in zip(outcome.allocation.users, outcome.users) {
      for node in allocation.chain {
        let layer = model.nodes[node].layer
        let l = layer.rawValue
        table.append([
          ids[allocation.chain[0]], ids[node], layer.title, Figure.percent(allocation.shares[l]),
          Figure.format(allocation.frequencies[l] / 1e9), Figure.format(figures.computeTimes[l]),
          Figure.format(figures.latencies[l]), Figure.format(figures.computeEnergies[l]),
        ])
      }
    }
    return table
  }

  private func chainText(_ chain: [Int]) -> String {
    chain.map { ids[$0] }.joined(separator: " -> ")
  }
}
