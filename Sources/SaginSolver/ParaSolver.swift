import Foundation
import SaginModel

/// The PARA algorithm (model document section 9).
///
/// Design note. Alternating optimization over three blocks inside a
/// fractional-programming loop. Each iteration (1) refreshes the quadratic-
/// transform weights `y_i = sqrt(Q_i) / C_i`, (2-3) solves the continuous
/// block (shares and resources together, one Ipopt NLP), and (4) proposes new
/// associations: with `para`, roundings of the SDP relaxation of each layer's
/// association QCQP (SDPAssociation.swift); with `para-matching`, a
/// capacitated maximum-weight matching on estimated values; then single
/// re-attachments. A proposal is re-optimized and accepted only when F rises.
/// Every accepted point passes the feasibility re-check, so the trace of F
/// never decreases.
public enum ParaSolver {
  public static func solve(_ model: ParaModel, options: SolveOptions = SolveOptions()) throws
    -> SolveOutcome
  {
    let clock = ContinuousClock.now
    var run = ParaRun(model: model, options: options)
    var outcome: SolveOutcome
    switch options.method {
    case .para, .paraMatching:
      outcome = run.para()
      outcome = ParaSolver.keepingTheBetter(outcome, model: model, options: options)
    case .exhaustive: outcome = try run.exhaustive()
    case .random: outcome = run.randomBaseline()
    case .nearest: outcome = run.nearestBaseline()
    case .equal: outcome = run.equalBaseline()
    case .local: outcome = run.localBaseline()
    case .fullOffload: outcome = run.fullOffloadBaseline()
    case .ratioOfSums: outcome = run.ratioOfSumsBaseline()
    }
    let elapsed = ContinuousClock.now - clock
    outcome.seconds =
      Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    return outcome
  }
}

extension ParaSolver {
  /// PARA's association moves are accepted when F rises, but a move can
  /// leave the basin that the start association, refined by the continuous
  /// blocks alone, would have climbed higher (seen on about one seed in ten
  /// of the experiments, by up to 0.4 %). So PARA also refines its start
  /// association that way (what `nearest` does) and returns the better
  /// point; the trace gains one entry, so it still never decreases.
  // Limitation: not done for warm starts (the REPL's re-solves), whose start
  // is the previous solution rather than the greedy association.
  static func keepingTheBetter(_ outcome: SolveOutcome, model: ParaModel, options: SolveOptions)
    -> SolveOutcome
  {
    let solved: Set<SolveStatus> = [.optimalStationary, .iterationLimit]
    guard options.warmStart == nil, solved.contains(outcome.status),
      options.shouldStop?() != true
    else { return outcome }
    var refinement = ParaRun(model: model, options: options)
    let fixed = refinement.nearestBaseline()
    guard solved.contains(fixed.status), fixed.check.isFeasible,
      fixed.objective > outcome.objective * (1 + 1e-9)
    else { return outcome }
    var better = fixed
    better.method = outcome.method
    better.status = outcome.status
    better.trace = outcome.trace + [fixed.objective]
    better.iterations = outcome.iterations
    better.notes =
      outcome.notes + [
        "the start association refined by the continuous blocks alone reached a higher F"
          + " (\(fixed.objective)) than the association moves (\(outcome.objective)); that point"
          + " is returned"
      ]
    return better
  }
}

/// State of one solve.
struct ParaRun {
  let topology: Topology
  let options: SolveOptions
  private(set) var block: ContinuousBlock
  var notes: [String] = []
  /// Associations that `para`'s SDP step proposed and F refused, not re-solved again.
  var refusedProposals: Set<Association> = []
  var model: ParaModel { topology.model }

  init(model: ParaModel, options: SolveOptions) {
    self.topology = Topology(model: model)
    self.options = options
    self.block = ContinuousBlock(evaluator: Evaluator(topology: topology))
  }

  /// Ipopt iteration budget for evaluating a candidate association.
  static let candidateIterations = 30

  mutating func candidateMode() {
    block.options.maxIterations = Self.candidateIterations
    block.options.isWarmStart = true
  }

  func say(_ line: @autoclosure () -> String) {
    options.progress?(line())
  }

  // MARK: - PARA

  mutating func para() -> SolveOutcome {
    var current: ContinuousBlock.Point
    if let warm = warmStartPoint() {
      current = warm
      block.options.isWarmStart = true
      notes.append("warm start from the previous solution")
    } else {
      let greedy = topology.greedyAssociation()
      let repaired = feasibleStartNear(greedy)
      guard let start = repaired.start else { return infeasibleOutcome(repaired.association) }
      if repaired.association != greedy {
        notes.append(
          "the greedy start broke a deadline or energy budget; re-attaching nodes made it feasible")
      }
      if options.warmStart != nil {
        notes.append("the previous solution does not fit the edited scenario; cold start")
      }
      current = start
    }
    var trace = [current.objective]
    say("start: F = \(current.objective)")
    var status = SolveStatus.iterationLimit
    var iterations = 0
    while iterations < options.maxIterations {
      if options.shouldStop?() == true {
        notes.append("stopped on request; the last accepted point is returned")
        break
      }
      iterations += 1
      let before = current.objective
      current = refineContinuous(current, steps: 1)
      // From here on every solve starts near a solution.
      block.options.isWarmStart = true
      if let better = improveAssociation(current) { current = better }
      trace.append(current.objective)
      say("iteration \(iterations): F = \(current.objective)")
      if current.objective - before <= options.tolerance * abs(before) {
        status = .optimalStationary
        break
      }
    }
    return outcome(current, status: status, trace: trace, iterations: iterations)
  }

  enum Start {
    case feasible(ContinuousBlock.Point)
    /// The least total relative violation the feasibility phase reached.
    case infeasible(violation: Double)
  }

  /// The equal-split start for an association, through the feasibility phase when needed.
  func feasibleStart(_ association: Association) -> Start {
    guard topology.shareBoundConflicts(association).isEmpty else {
      return .infeasible(violation: .infinity)
    }
    let start = block.evaluate(Allocation.equalSplit(association, topology: topology))
    if start.check.isFeasible { return .feasible(start) }
    let phase = block.minimizeViolation(start)
    guard phase.violated.isEmpty, let point = phase.point else {
      return .infeasible(violation: phase.total)
    }
    if point.check.isFeasible { return .feasible(point) }
    // The phase reached zero violation up to solver tolerance; one surrogate
    // solve from there usually lands strictly inside.
    if let polished = block.improve(point), polished.check.isFeasible { return .feasible(polished) }
    return .infeasible(violation: phase.total)
  }

  /// The caller's warm start when it fits this model: its chains follow its
  /// own association, which must be admissible, and after scaling the grants
  /// into the budgets the point must pass the feasibility re-check.
  func warmStartPoint() -> ContinuousBlock.Point? {
    guard let warm = options.warmStart,
      warm.association.parent.count == model.nodes.count,
      warm.users.count == model.users.count,
      topology.isAdmissible(warm.association),
      zip(warm.users, topology.userNodes).allSatisfy({
        $0.0.chain == warm.association.chain(from: $0.1)
      })
    else { return nil }
    let point = block.evaluate(warm.fittedToBudgets(model: model))
    return point.check.isFeasible ? point : nil
  }

  /// How many associations the start repair may try in all.
  static let startRepairLimit = 60

  /// The greedy start when it is feasible; otherwise a descent over single
  /// re-attachments (of any node on a chain) on the feasibility phase's total
  /// violation, until a start is feasible, no move lowers the violation, or
  /// the try budget is spent. A deadline or energy budget the greedy chains
  /// break is often kept on another server, sometimes only after several
  /// users move. Without success, the association with the least violation
  /// found comes back without a point, for the infeasibility report.
  func feasibleStartNear(
    _ greedy: Association
  ) -> (association: Association, start: ContinuousBlock.Point?) {
    var current = greedy
    var violation: Double
    switch feasibleStart(greedy) {
    case .feasible(let start): return (greedy, start)
    case .infeasible(let amount): violation = amount
    }
    var tries = 0
    while tries < Self.startRepairLimit {
      var best: (association: Association, violation: Double)?
      for moved in singleReattachments(of: current) {
        tries += 1
        guard tries <= Self.startRepairLimit else { break }
        switch feasibleStart(moved) {
        case .feasible(let start): return (moved, start)
        case .infeasible(let amount):
          if amount < best?.violation ?? .infinity { best = (moved, amount) }
        }
      }
      guard let best, best.violation < violation * (1 - 1e-6) else { return (current, nil) }
      current = best.association
      violation = best.violation
    }
    return (current, nil)
  }

  /// Up to `steps` FP updates with a continuous solve each, keeping only improvements.
  func refineContinuous(_ point: ContinuousBlock.Point, steps: Int) -> ContinuousBlock.Point {
    var current = point
    for _ in 0..<steps {
      guard let next = block.improve(current), next.check.isFeasible,
        next.objective > current.objective
      else { break }
      let gain = next.objective - current.objective
      current = next
      if gain <= options.tolerance * abs(current.objective) { break }
    }
    return current
  }

  /// Re-optimizes a candidate association from its equal-split start.
  func optimize(_ association: Association, steps: Int = 4) -> ContinuousBlock.Point? {
    guard case .feasible(let start) = feasibleStart(association) else { return nil }
    return refineContinuous(start, steps: steps)
  }

  // MARK: - Outcomes

  func outcome(
    _ point: ContinuousBlock.Point, status: SolveStatus, trace: [Double], iterations: Int
  ) -> SolveOutcome {
    var status = status
    var notes = self.notes
    if !point.check.isFeasible || !point.objective.isFinite {
      status = .numericalFailure
      notes.append("the returned point fails the feasibility re-check")
    }
    return SolveOutcome(
      status: status, method: options.method, objective: point.objective, trace: trace,
      iterations: iterations, seconds: 0, allocation: point.allocation, users: point.users,
      nodes: point.nodes, check: point.check, infeasibility: [], notes: notes)
  }

  /// An infeasibility report for the start association: what stays violated,
  /// with the closest the feasibility phase came to each limit.
  func infeasibleOutcome(_ association: Association) -> SolveOutcome {
    var reasons = topology.shareBoundConflicts(association)
    let start = block.evaluate(Allocation.equalSplit(association, topology: topology))
    if reasons.isEmpty {
      let phase = block.minimizeViolation(start)
      reasons = phase.violated.map { explain($0, closest: phase.point) }
      if reasons.isEmpty {
        reasons = [
          InfeasibilityReason(
            entity: "scenario", attribute: nil,
            message: "no feasible point was found for the starting association")
        ]
      }
    }
    return SolveOutcome(
      status: .infeasible, method: options.method, objective: 0, trace: [], iterations: 0,
      seconds: 0, allocation: start.allocation, users: start.users, nodes: start.nodes,
      check: start.check, infeasibility: reasons, notes: notes)
  }

  /// Words for a constraint that the feasibility phase could not satisfy.
  func explain(_ constraint: RelaxedConstraint, closest: ContinuousBlock.Point?)
    -> InfeasibilityReason
  {
    switch constraint {
    case .deadline(let k):
      let node = model.users[k].node
      let id = model.nodes[node].id
      let deadline = model.users[k].deadline ?? 0
      var message = "the deadline of '\(id)' (\(Self.format(deadline)) s) cannot be met"
      if let best = closest?.users[k].completionTime, best.isFinite {
        message += ": the fastest completion found is \(Self.format(best)) s"
      }
      let hint =
        topology.uplinks[node].isEmpty
        ? "'\(id)' reaches no server (check coverage and positions), so it trains everything locally"
        : "relax the deadline, or give '\(id)' more CPU or the servers on its chain more budget"
      return InfeasibilityReason(entity: id, attribute: "deadline", message: message, hint: hint)
    case .energyBudget(let n):
      let id = model.nodes[n].id
      var message =
        "the energy budget of '\(id)' (\(Self.format(model.nodes[n].energyBudget ?? 0)) J) cannot be kept"
      if let least = closest?.nodes[n].energy, least.isFinite {
        message += ": the least energy found is \(Self.format(least)) J"
      }
      return InfeasibilityReason(
        entity: id, attribute: "energyBudget", message: message,
        hint: "raise the budget, or loosen the deadlines that force fast, power-hungry CPUs")
    }
  }

  /// Four significant digits.
  static func format(_ value: Double) -> String {
    String(format: "%.4g", value)
  }
}
