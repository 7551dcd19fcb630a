import SaginModel

/// The continuous decisions for one user given its chain: shares per layer,
/// bandwidth and power per hop, CPU frequency per layer.
public struct UserAllocation: Sendable, Equatable {
  /// Node indices of the chain, the user's own node first.
  public var chain: [Int]
  /// Share `x[l]` of the data trained at each layer 0...3 (0 off the chain).
  public var shares: [Double]
  /// Bandwidth (Hz) of each hop; hop h joins chain[h] to chain[h + 1].
  public var bandwidths: [Double]
  /// Transmit power (W) of each hop.
  public var powers: [Double]
  /// CPU frequency (cycles/s) granted at each layer 0...3 (0 off the chain).
  public var frequencies: [Double]

  public init(
    chain: [Int], shares: [Double], bandwidths: [Double], powers: [Double], frequencies: [Double]
  ) {
    self.chain = chain
    self.shares = shares
    self.bandwidths = bandwidths
    self.powers = powers
    self.frequencies = frequencies
  }
}

/// An association with the continuous decisions of every user: one point of the PARA problem.
public struct Allocation: Sendable, Equatable {
  public var association: Association
  public var users: [UserAllocation]
}

extension Allocation {
  /// Equal shares over each chain (within share bounds) and equal splits of
  /// every budget among the users that draw on it, at full power:
  /// the start of section 9 step 0, and the `equal` resource rule.
  static func equalSplit(_ association: Association, topology: Topology) -> Allocation {
    let model = topology.model
    let chains = topology.userNodes.map { association.chain(from: $0) }
    var received = Array(repeating: 0, count: model.nodes.count)
    var sent = Array(repeating: 0, count: model.nodes.count)
    var computing = Array(repeating: 0, count: model.nodes.count)
    for chain in chains {
      for (h, node) in chain.enumerated() {
        computing[node] += 1
        if h > 0 { received[node] += 1 }
        if h + 1 < chain.count { sent[node] += 1 }
      }
    }
    var users: [UserAllocation] = []
    for (k, chain) in chains.enumerated() {
      let layers = chain.map { model.nodes[$0].layer.rawValue }
      let shares = boundedEqualShares(layers: layers, bounds: model.users[k].shareBounds)
      var frequencies = [Double](repeating: 0, count: 4)
      for (node, layer) in zip(chain, layers) {
        frequencies[layer] = model.nodes[node].cpu / Double(max(computing[node], 1))
      }
      var bandwidths: [Double] = []
      var powers: [Double] = []
      for h in 1..<max(chain.count, 1) where chain.count > 1 {
        bandwidths.append(model.nodes[chain[h]].bandwidth / Double(max(received[chain[h]], 1)))
        powers.append(model.nodes[chain[h - 1]].power / Double(max(sent[chain[h - 1]], 1)))
      }
      users.append(
        UserAllocation(
          chain: chain, shares: shares, bandwidths: bandwidths, powers: powers,
          frequencies: frequencies))
    }
    return Allocation(association: association, users: users)
  }

  /// Shares as equal as the bounds allow over the given layers:
  /// `x_l = clamp(level, lower_l, upper_l)` with the common level found by
  /// bisection so that the shares sum to one (water filling). When the bounds
  /// admit no such level the result is the nearest bound vector; the caller's
  /// conflict check reports that case. Layers off the chain get 0.
  static func boundedEqualShares(layers: [Int], bounds: [ShareBound]) -> [Double] {
    var shares = [Double](repeating: 0, count: 4)
    guard !layers.isEmpty else { return shares }
    func fill(_ level: Double) -> Double {
      layers.reduce(0) { $0 + min(max(level, bounds[$1].lower), bounds[$1].upper) }
    }
    var low = 0.0
    var high = 1.0
    for _ in 0..<100 {
      let middle = (low + high) / 2
      if fill(middle) < 1 { low = middle } else { high = middle }
    }
    for layer in layers { shares[layer] = min(max(high, bounds[layer].lower), bounds[layer].upper) }
    let total = shares.reduce(0, +)
    if total > 0, abs(total - 1) < 1e-9 { shares = shares.map { $0 / total } }
    return shares
  }
}
