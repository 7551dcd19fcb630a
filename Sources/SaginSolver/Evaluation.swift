import Foundation
import SaginModel

/// Shannon rate `b log2(1 + p g / (N0 b))` in bit/s; 0 when b or p is 0.
public func uplinkRate(
  bandwidth b: Double, power p: Double, gain g: Double, noiseDensity n0: Double
) -> Double {
  guard b > 0, p > 0 else { return 0 }
  return b * log2(1 + p * g / (n0 * b))
}

/// One hop of a user's chain as evaluated at a point.
public struct HopFigures: Sendable, Equatable {
  public var from: Int
  public var to: Int
  public var bits: Double
  public var bandwidth: Double
  public var power: Double
  public var rate: Double
  /// Transmission time `S / r`, s (0 when the hop carries nothing).
  public var time: Double
  /// Transmission energy `p t`, J, paid by the sender.
  public var energy: Double
}

/// Every derived figure of one user at a point (model document sections 4-6).
public struct UserFigures: Sendable, Equatable {
  public var hops: [HopFigures]
  /// `L[i][l]` per layer 0...3, 0 off the chain.
  public var latencies: [Double]
  /// Computation time and energy per layer.
  public var computeTimes: [Double]
  public var computeEnergies: [Double]
  /// `T_i`, `E_i`, `C_i` and `PTE_i`.
  public var completionTime: Double
  public var energy: Double
  public var cost: Double
  public var efficiency: Double
}

/// Per-node load and efficiency (the per-node variant of section 6).
public struct NodeFigures: Sendable, Equatable {
  /// `Theta_n`, parameter updates trained at n.
  public var theta: Double
  /// Time n spends: the longest, over the users it serves, of its computation
  /// for the user plus the hop it sends for that user, s.
  public var delay: Double
  /// Energy n spends: computation plus the hops it sends, J.
  public var energy: Double
  public var cost: Double
  public var efficiency: Double
}

/// Evaluates points of a model with the exact formulas of the model document.
struct Evaluator {
  let topology: Topology
  var model: ParaModel { topology.model }

  func userFigures(_ k: Int, _ user: UserAllocation) -> UserFigures {
    let workload = model.users[k]
    let chain = user.chain
    let layers = chain.map { model.nodes[$0].layer.rawValue }
    var hops: [HopFigures] = []
    var arrival = 0.0
    var latencies = [Double](repeating: 0, count: 4)
    var computeTimes = [Double](repeating: 0, count: 4)
    var computeEnergies = [Double](repeating: 0, count: 4)
    var energy = 0.0

    for (j, node) in chain.enumerated() {
      let layer = layers[j]
      if j > 0 {
        let carried = layers[j...].reduce(0) { $0 + user.shares[$1] }
        let bits = workload.dataBits * carried
        let b = user.bandwidths[j - 1]
        let p = user.powers[j - 1]
        let link = topology.link(from: chain[j - 1], to: node)
        let rate =
          link.map {
            uplinkRate(bandwidth: b, power: p, gain: $0.gain, noiseDensity: $0.noiseDensity)
          } ?? 0
        let time = bits > 0 ? (rate > 0 ? bits / rate : .infinity) : 0
        let hopEnergy = bits > 0 ? p * time : 0
        hops.append(
          HopFigures(
            from: chain[j - 1], to: node, bits: bits, bandwidth: b, power: p, rate: rate,
            time: time, energy: hopEnergy))
        arrival += time
        energy += hopEnergy
      }
      let share = user.shares[layer]
      let f = user.frequencies[layer]
      let cycles = share * workload.totalCycles
      let tau = cycles > 0 ? (f > 0 ? cycles / f : .infinity) : 0
      let computeEnergy = cycles > 0 ? model.nodes[node].kappa * f * f * cycles : 0
      computeTimes[layer] = tau
      computeEnergies[layer] = computeEnergy
      latencies[layer] = arrival + tau
      energy += computeEnergy
    }
    let completion = layers.map { latencies[$0] }.max() ?? 0
    let cost = model.delayWeight * completion + model.energyWeight * energy
    let efficiency = cost > 0 ? workload.parameterVolume / cost : 0
    return UserFigures(
      hops: hops, latencies: latencies, computeTimes: computeTimes,
      computeEnergies: computeEnergies, completionTime: completion, energy: energy, cost: cost,
      efficiency: efficiency)
  }

  func nodeFigures(_ allocation: Allocation, users: [UserFigures]) -> [NodeFigures] {
    var figures = [NodeFigures](
      repeating: NodeFigures(theta: 0, delay: 0, energy: 0, cost: 0, efficiency: 0),
      count: model.nodes.count)
    for (k, user) in allocation.users.enumerated() {
      let workload = model.users[k]
      for (j, node) in user.chain.enumerated() {
        let layer = model.nodes[node].layer.rawValue
        let sent = j + 1 < user.chain.count ? users[k].hops[j] : nil
        figures[node].theta += workload.parameterVolume * user.shares[layer]
        let busy = users[k].computeTimes[layer] + (sent?.time ?? 0)
        figures[node].delay = max(figures[node].delay, busy)
        figures[node].energy += users[k].computeEnergies[layer] + (sent?.energy ?? 0)
      }
    }
    for n in figures.indices {
      figures[n].cost =
        model.delayWeight * figures[n].delay + model.energyWeight * figures[n].energy
      figures[n].efficiency =
        figures[n].theta > 0 && figures[n].cost > 0
        ? figures[n].theta / figures[n].cost : 0
    }
    return figures
  }

  /// The objective F of the model at a point.
  func objective(users: [UserFigures], nodes: [NodeFigures]) -> Double {
    switch model.objective {
    case .perUser:
      return zip(model.users, users).reduce(0) { $0 + $1.0.weight * $1.1.efficiency }
    case .perNode:
      return zip(model.nodes, nodes).reduce(0) {
        $0 + model.layerWeights[$1.0.layer.rawValue] * $1.1.efficiency
      }
    }
  }

  /// Figures and F at a point.
  func evaluate(_ allocation: Allocation) -> (
    users: [UserFigures], nodes: [NodeFigures], objective: Double
  ) {
    let users = allocation.users.enumerated().map { userFigures($0.offset, $0.element) }
    let nodes = nodeFigures(allocation, users: users)
    return (users, nodes, objective(users: users, nodes: nodes))
  }
}
