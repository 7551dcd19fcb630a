import Foundation
import SaginModel

extension ParaRun {
  /// `local`: no offloading. Every user trains all of its data on its own
  /// CPU at the frequency that maximizes its own efficiency.
  ///
  /// With everything local, `T = W / f` and `E = kappa W f^2`, so the cost
  /// `C(f) = w_T W / f + w_E kappa W f^2` is convex in f > 0 and the
  /// efficiency `Q / C` is largest where C is least. Setting `C'(f) = 0`
  /// gives the closed form `f* = (w_T / (2 w_E kappa))^(1/3)`, which does not
  /// depend on the workload. The limits make an interval:
  /// `f >= W / Lbar` (deadline), `f <= F_n` (CPU) and
  /// `f <= sqrt(Ebar / (kappa W))` (energy budget); C being convex, the
  /// optimum over the interval is f* clamped into it. The interval is empty
  /// when the deadline cannot be met locally at full CPU, or only by
  /// breaking the energy budget: the result is then infeasible, naming the
  /// users. A user whose local share is bounded above below 100 % is
  /// infeasible too. With the per-node objective the user's node carries the
  /// same ratio and every server trains nothing, so the same f is optimal.
  ///
  /// Pins are kept (a pinned attachment is not the baseline's to drop): a
  /// pinned chain carries no data, its hops get no bandwidth or power and its
  /// servers no CPU. When `w_T = 0` and there is no deadline, C falls to 0
  /// with f and the efficiency has no maximum; the frequency then stops at
  /// the continuous block's floor (1e-9 of `F_n`), as PARA's would.
  mutating func localBaseline() -> SolveOutcome {
    let association = Association(
      parent: model.nodes.indices.map { topology.pinned[$0] }
    ).normalized(users: topology.userNodes)
    var users: [UserAllocation] = []
    var reasons: [InfeasibilityReason] = []
    var floored: [String] = []
    for (k, workload) in model.users.enumerated() {
      let node = model.nodes[workload.node]
      let chain = association.chain(from: workload.node)
      let choice = Self.localFrequency(workload, on: node, model: model)
      if choice.frequency <= ContinuousProblem.floor * node.cpu {
        floored.append(node.id)
      }
      reasons += localReasons(k, chain: chain, choice: choice)
      var shares = [Double](repeating: 0, count: 4)
      shares[0] = 1
      var frequencies = [Double](repeating: 0, count: 4)
      frequencies[0] = max(choice.frequency, ContinuousProblem.floor * node.cpu)
      let hops = max(chain.count - 1, 0)
      users.append(
        UserAllocation(
          chain: chain, shares: shares, bandwidths: Array(repeating: 0, count: hops),
          powers: Array(repeating: 0, count: hops), frequencies: frequencies))
    }
    if !model.pins.isEmpty {
      notes.append("local: pinned attachments are kept, with nothing offloaded over them")
    }
    if !floored.isEmpty {
      notes.append(
        "local: with no delay weight and no deadline the efficiency has no maximum; the CPU of "
          + floored.joined(separator: ", ") + " stops at 1e-9 of its capacity")
    }
    let point = block.evaluate(Allocation(association: association, users: users))
    guard reasons.isEmpty else {
      return SolveOutcome(
        status: .infeasible, method: options.method, objective: 0, trace: [], iterations: 0,
        seconds: 0, allocation: point.allocation, users: point.users, nodes: point.nodes,
        check: point.check, infeasibility: reasons, notes: notes)
    }
    notes.append("local: every user trains everything on its own CPU at its optimal frequency")
    return outcome(point, status: .optimalStationary, trace: [point.objective], iterations: 0)
  }

  /// The frequency `local` gives one user and the interval it was clamped into.
  struct LocalFrequency {
    /// `(w_T / (2 w_E kappa))^(1/3)`, infinite when `w_E kappa = 0`.
    var unconstrained: Double
    /// `W / Lbar` (0 without a deadline).
    var lowest: Double
    /// `min(F_n, sqrt(Ebar / (kappa W)))`.
    var highest: Double
    var frequency: Double
    var isFeasible: Bool { lowest <= highest * (1 + 1e-12) }
  }

  static func localFrequency(
    _ workload: ParaModel.UserWorkload, on node: ParaModel.Node, model: ParaModel
  ) -> LocalFrequency {
    let cycles = workload.totalCycles
    let curvature = 2 * model.energyWeight * node.kappa
    let unconstrained = curvature > 0 ? cbrt(model.delayWeight / curvature) : .infinity
    let lowest = workload.deadline.map { cycles / $0 } ?? 0
    var highest = node.cpu
    if let budget = node.energyBudget, node.kappa > 0 {
      highest = min(highest, (budget / (node.kappa * cycles)).squareRoot())
    }
    let frequency = min(max(unconstrained, lowest), highest)
    return LocalFrequency(
      unconstrained: unconstrained, lowest: lowest, highest: highest, frequency: frequency)
  }

  /// Why user k cannot train everything locally, if it cannot.
  func localReasons(_ k: Int, chain: [Int], choice: LocalFrequency) -> [InfeasibilityReason] {
    let workload = model.users[k]
    let node = model.nodes[workload.node]
    var reasons: [InfeasibilityReason] = []
    for server in chain.dropFirst() {
      let layer = model.nodes[server].layer
      guard workload.shareBounds[layer.rawValue].lower > 0 else { continue }
      reasons.append(
        InfeasibilityReason(
          entity: node.id, attribute: "shareBounds",
          message:
            "the share bounds of '\(node.id)' need a \(layer.title) share on its pinned chain,"
            + " but this baseline trains everything locally"))
    }
    if workload.shareBounds[0].upper < 1 - 1e-12 {
      reasons.append(
        InfeasibilityReason(
          entity: node.id, attribute: "shareBounds",
          message:
            "the share bounds of '\(node.id)' cap its local share at"
            + " \(Self.format(100 * workload.shareBounds[0].upper)) %, so it cannot train"
            + " everything locally"))
    }
    guard !choice.isFeasible, let deadline = workload.deadline else { return reasons }
    let fastest = workload.totalCycles / node.cpu
    if fastest > deadline * (1 + 1e-12) {
      reasons.append(
        InfeasibilityReason(
          entity: node.id, attribute: "deadline",
          message:
            "the deadline of '\(node.id)' (\(Self.format(deadline)) s) cannot be met locally:"
            + " training everything at its full CPU takes \(Self.format(fastest)) s",
          hint: "this baseline never offloads; relax the deadline or give '\(node.id)' more CPU"))
    } else {
      let energy = node.kappa * workload.totalCycles * choice.lowest * choice.lowest
      reasons.append(
        InfeasibilityReason(
          entity: node.id, attribute: "energyBudget",
          message:
            "the energy budget of '\(node.id)' (\(Self.format(node.energyBudget ?? 0)) J) cannot"
            + " be kept locally: meeting its deadline on its own CPU takes"
            + " \(Self.format(energy)) J",
          hint: "this baseline never offloads; relax the deadline or raise the budget"))
    }
    return reasons
  }
}
