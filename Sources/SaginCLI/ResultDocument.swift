import SaginModel
import SaginSolver

/// The `sagin-result` document of model document section 12: required keys
/// in the order the spec lists them, SI units, extra keys (`iterations`,
/// `infeasibility`, `notes`, `violations`) only after the required ones.
enum ResultDocument {
  static let format = "sagin-result"
  static let version = 1

  /// The document for an outcome; `seconds` is written as 0 when `omitsTiming`.
  static func make(_ outcome: SolveOutcome, model: ParaModel, omitsTiming: Bool) -> JSONValue {
    let ids = model.nodes.map(\.id)
    var members: [(String, JSONValue)] = [
      ("format", .string(format)),
      ("version", .number(Double(version))),
      ("status", .string(outcome.status.rawValue)),
      ("method", .string(outcome.method.rawValue)),
      ("objective", .number(outcome.objective)),
      ("trace", .array(outcome.trace.map { .number($0) })),
      ("attachments", attachments(outcome.allocation, ids: ids)),
      ("users", .array(users(outcome, ids: ids))),
      ("nodes", .array(nodes(outcome, ids: ids))),
      ("check", check(outcome.check)),
      ("seconds", .number(omitsTiming ? 0 : outcome.seconds)),
      ("iterations", .number(Double(outcome.iterations))),
    ]
    if !outcome.infeasibility.isEmpty {
      members.append(("infeasibility", .array(outcome.infeasibility.map { .string($0.message) })))
    }
    if !outcome.notes.isEmpty {
      members.append(("notes", .array(outcome.notes.map { .string($0) })))
    }
    return .object(members)
  }

  /// Node id to upper node id, for the nodes on some user's chain, in node order.
  private static func attachments(_ allocation: Allocation, ids: [String]) -> JSONValue {
    var upper = [Int?](repeating: nil, count: ids.count)
    for user in allocation.users {
      for (lower, higher) in zip(user.chain, user.chain.dropFirst()) { upper[lower] = higher }
    }
    let members = upper.enumerated().compactMap { node, parent in
      parent.map { (ids[node], JSONValue.string(ids[$0])) }
    }
    return .object(members)
  }

  private static func users(_ outcome: SolveOutcome, ids: [String]) -> [JSONValue] {
    zip(outcome.allocation.users, outcome.users).map { allocation, figures in
      let hops: [JSONValue] = figures.hops.map { hop in
        .object([
          ("from", .string(ids[hop.from])),
          ("to", .string(ids[hop.to])),
          ("bandwidth", .number(hop.bandwidth)),
          ("power", .number(hop.power)),
          ("rate", .number(hop.rate)),
          ("time", .number(hop.time)),
        ])
      }
      return .object([
        ("id", .string(ids[allocation.chain[0]])),
        ("shares", .array(allocation.shares.map { .number($0) })),
        ("hops", .array(hops)),
        ("frequencies", .array(allocation.frequencies.map { .number($0) })),
        ("latencies", .array(figures.latencies.map { .number($0) })),
        ("latency", .number(figures.completionTime)),
        ("energy", .number(figures.energy)),
        ("cost", .number(figures.cost)),
        ("pte", .number(figures.efficiency)),
      ])
    }
  }

  private static func nodes(_ outcome: SolveOutcome, ids: [String]) -> [JSONValue] {
    zip(ids, outcome.nodes).map { id, figures in
      .object([
        ("id", .string(id)),
        ("theta", .number(figures.theta)),
        ("delay", .number(figures.delay)),
        ("energy", .number(figures.energy)),
        ("cost", .number(figures.cost)),
        ("pte", .number(figures.efficiency)),
      ])
    }
  }

  private static func check(_ report: FeasibilityReport) -> JSONValue {
    let violations = report.violations.map { ($0.family, JSONValue.number($0.violation)) }
    return .object([
      ("maxViolation", .number(report.maxViolation)),
      ("feasible", .bool(report.isFeasible)),
      ("violations", .object(violations)),
    ])
  }

  /// The JSON path of the first non-finite number in a document, if any
  /// (`users[2].hops[0].time`). JSON has no form for them.
  static func firstNonFinitePath(in value: JSONValue, path: String = "") -> String? {
    switch value {
    case .number(let number):
      return number.isFinite ? nil : path
    case .array(let items):
      for (k, item) in items.enumerated() {
        if let found = firstNonFinitePath(in: item, path: "\(path)[\(k)]") { return found }
      }
      return nil
    case .object(let members):
      for (key, member) in members {
        let inner = path.isEmpty ? key : "\(path).\(key)"
        if let found = firstNonFinitePath(in: member, path: inner) { return found }
      }
      return nil
    default:
      return nil
    }
  }

  /// The document with every non-finite number replaced by `null`: used only
  /// for an infeasible start, whose figures may be undefined (a hop with no rate).
  static func nullingNonFinite(_ value: JSONValue) -> JSONValue {
    switch value {
    case .number(let number): return number.isFinite ? value : .null
    case .array(let items): return .array(items.map(nullingNonFinite))
    case .object(let members): return .object(members.map { ($0.0, nullingNonFinite($0.1)) })
    default: return value
    }
  }
}
