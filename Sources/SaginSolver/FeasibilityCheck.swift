import SaginModel

/// The feasibility re-check of a returned point (model document section 11):
/// the largest relative violation of every constraint family, measured in
/// user units from the point itself, independent of how it was computed.
public struct FeasibilityReport: Sendable, Equatable {
  /// Constraint family name and its largest relative violation (0 when satisfied).
  public var violations: [(family: String, violation: Double)]

  /// Relative violation up to which a point counts as feasible.
  public static let tolerance = 1e-6

  public var maxViolation: Double { violations.map(\.violation).max() ?? 0 }
  public var isFeasible: Bool { maxViolation <= FeasibilityReport.tolerance }

  public static func == (lhs: FeasibilityReport, rhs: FeasibilityReport) -> Bool {
    lhs.violations.map(\.family) == rhs.violations.map(\.family)
      && lhs.violations.map(\.violation) == rhs.violations.map(\.violation)
  }
}

extension Evaluator {
  func check(_ allocation: Allocation, users figures: [UserFigures]) -> FeasibilityReport {
    var worst: [String: Double] = [:]
    func record(_ family: String, _ violation: Double) {
      let value = violation.isNaN ? .infinity : max(violation, 0)
      worst[family] = max(worst[family] ?? 0, value)
    }
    let association = allocation.association
    record("association", topology.isAdmissible(association) ? 0 : 1)

    var bandwidthUsed = [Double](repeating: 0, count: model.nodes.count)
    var powerUsed = bandwidthUsed
    var cpuUsed = bandwidthUsed
    var energyUsed = bandwidthUsed
    for (k, user) in allocation.users.enumerated() {
      let bounds = model.users[k].shareBounds
      let chainLayers = Set(user.chain.map { model.nodes[$0].layer.rawValue })
      record("association", user.chain == association.chain(from: model.users[k].node) ? 0 : 1)
      record("shares", abs(user.shares.reduce(0, +) - 1))
      for layer in 0..<4 {
        let share = user.shares[layer]
        record("bounds", -share)
        if chainLayers.contains(layer) {
          record("shares", bounds[layer].lower - share)
          record("shares", share - bounds[layer].upper)
        } else {
          record("shares", abs(share))
        }
        if share > 0 { record("bounds", user.frequencies[layer] > 0 ? 0 : 1) }
        record("bounds", -user.frequencies[layer])
      }
      for (h, hop) in figures[k].hops.enumerated() {
        record("bounds", -hop.bandwidth)
        record("bounds", -hop.power)
        if hop.bits > 0 { record("bounds", hop.bandwidth > 0 && hop.power > 0 ? 0 : 1) }
        bandwidthUsed[user.chain[h + 1]] += hop.bandwidth
        powerUsed[user.chain[h]] += hop.power
        energyUsed[user.chain[h]] += hop.energy
      }
      for node in user.chain {
        let layer = model.nodes[node].layer.rawValue
        cpuUsed[node] += user.frequencies[layer]
        energyUsed[node] += figures[k].computeEnergies[layer]
      }
      if let deadline = model.users[k].deadline {
        record("deadline", (figures[k].completionTime - deadline) / deadline)
      }
      record("numbers", figures[k].cost.isFinite ? 0 : .infinity)
    }
    for (n, node) in model.nodes.enumerated() {
      record("bandwidth", relativeExcess(bandwidthUsed[n], node.bandwidth))
      record("power", relativeExcess(powerUsed[n], node.power))
      record("cpu", relativeExcess(cpuUsed[n], node.cpu))
      if let budget = node.energyBudget { record("energy", relativeExcess(energyUsed[n], budget)) }
    }
    let order = [
      "association", "shares", "bandwidth", "power", "cpu", "deadline", "energy", "bounds",
      "numbers",
    ]
    return FeasibilityReport(
      violations: order.compactMap { family in worst[family].map { (family, $0) } })
  }

  private func relativeExcess(_ used: Double, _ budget: Double) -> Double {
    if used <= budget { return 0 }
    return budget > 0 ? (used - budget) / budget : used
  }
}
