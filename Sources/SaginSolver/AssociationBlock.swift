import SaginModel

/// Step 4 of the PARA loop: propose associations, re-optimize each, keep the
/// best only when F rises.
///
/// Proposals come from two sources. (a) With `para`, the SDP relaxation of
/// the association QCQP, rounded (SDPAssociation.swift); with
/// `para-matching`, a capacitated maximum-weight
/// matching of users to their reachable first servers (or to no server),
/// weighted by each user's estimated weighted PTE on the resulting chain with
/// a fair share of every budget on it. (b) Single re-attachments of any node
/// on a chain, ranked by the same estimate; all of them on small instances,
/// the few best on large ones, because each costs a continuous re-solve.
extension ParaRun {
  /// Above this many candidate moves only the best-ranked few are re-solved.
  static let exhaustiveMoveLimit = 40
  static let rankedMoveCount = 3
  /// Above this many users only the matching proposal is re-solved: each
  /// single move costs a full continuous solve, which dominates at that size.
  static let singleMoveUserLimit = 200

  mutating func improveAssociation(_ current: ContinuousBlock.Point) -> ContinuousBlock.Point? {
    var best: ContinuousBlock.Point? = nil
    func consider(_ candidate: ContinuousBlock.Point?) {
      guard let candidate, candidate.check.isFeasible else { return }
      if candidate.objective > (best?.objective ?? current.objective) * (1 + 1e-9) {
        best = candidate
      }
    }

    let association = current.allocation.association
    var proposals: [Association]
    if options.method == .paraMatching {
      proposals = [matchingProposal(current)]
    } else {
      let relaxed = relaxationProposals(current)
      proposals = relaxed.proposals
      record(relaxed.report)
    }
    for proposal in proposals where best == nil && proposal != association {
      guard !refusedProposals.contains(proposal) else { continue }
      let candidate =
        options.method == .paraMatching
        ? optimize(proposal, warm: current) : reoptimizeProposal(proposal, from: current)
      say("association proposal: F = \(candidate?.objective ?? .nan) (now \(current.objective))")
      consider(candidate)
      if best == nil, options.method == .para { refusedProposals.insert(proposal) }
    }
    if best == nil, model.users.count <= Self.singleMoveUserLimit {
      let moves = rankedMoves(current)
      let chosen =
        moves.count <= Self.exhaustiveMoveLimit ? moves : Array(moves.prefix(Self.rankedMoveCount))
      for move in chosen { consider(optimize(move, warm: current)) }
    }
    return best
  }

  /// Re-optimizes a candidate association from the current point: users whose
  /// chain is unchanged keep their allocation, the others start from an equal
  /// split, and grants are scaled into the budgets.
  func optimize(
    _ association: Association, warm current: ContinuousBlock.Point
  ) -> ContinuousBlock.Point? {
    guard topology.shareBoundConflicts(association).isEmpty else { return nil }
    let fresh = Allocation.equalSplit(association, topology: topology)
    var users = fresh.users
    for k in users.indices where current.allocation.users[k].chain == users[k].chain {
      users[k] = current.allocation.users[k]
    }
    let start = block.evaluate(
      Allocation(association: association, users: users).fittedToBudgets(model: model))
    // A candidate gets a shorter Ipopt budget than the incumbent: it only has
    // to show that F rises, and a truncated solve is still checked exactly.
    var trial = self
    trial.candidateMode()
    if start.check.isFeasible { return trial.refineContinuous(start, steps: 3) }
    return trial.optimize(association, steps: 3)
  }

  // MARK: - Estimates

  /// Estimated weighted PTE of user k on `chain` with a fair share of each
  /// node's budgets given the current loads, trying a few share splits.
  func estimatedValue(_ k: Int, chain: [Int], loads: Loads) -> Double {
    let user = model.users[k]
    let layers = chain.map { model.nodes[$0].layer.rawValue }
    var frequencies = [Double](repeating: 0, count: 4)
    var bandwidths: [Double] = []
    var powers: [Double] = []
    for (j, node) in chain.enumerated() {
      frequencies[layers[j]] = model.nodes[node].cpu / Double(loads.computing[node] + 1)
      if j > 0 {
        bandwidths.append(model.nodes[node].bandwidth / Double(loads.receiving[node] + 1))
        powers.append(
          model.nodes[chain[j - 1]].power / Double(j == 1 ? 1 : loads.sending[chain[j - 1]] + 1))
      }
    }
    var best = 0.0
    for favoured in [nil] + layers.map(Optional.some) {
      let shares = favouredShares(layers: layers, favoured: favoured, bounds: user.shareBounds)
      let allocation = UserAllocation(
        chain: chain, shares: shares, bandwidths: bandwidths, powers: powers,
        frequencies: frequencies)
      let figures = block.evaluator.userFigures(k, allocation)
      if figures.cost.isFinite, figures.cost > 0 {
        best = max(best, user.weight * figures.efficiency)
      }
    }
    return best
  }

  /// Equal shares (favoured == nil) or as much as the bounds allow on one layer.
  func favouredShares(layers: [Int], favoured: Int?, bounds: [ShareBound]) -> [Double] {
    guard let favoured else { return Allocation.boundedEqualShares(layers: layers, bounds: bounds) }
    var shares = [Double](repeating: 0, count: 4)
    for layer in layers { shares[layer] = bounds[layer].lower }
    let room = min(bounds[favoured].upper - shares[favoured], 1 - shares.reduce(0, +))
    shares[favoured] += max(room, 0)
    let rest = 1 - shares.reduce(0, +)
    if rest > 1e-12 {
      let others = Allocation.boundedEqualShares(
        layers: layers.filter { $0 != favoured },
        bounds: bounds.enumerated().map {
          $0.offset == favoured
            ? ShareBound(lower: 0, upper: 0)
            : ShareBound(lower: 0, upper: $0.element.upper - shares[$0.offset])
        })
      for layer in layers where layer != favoured { shares[layer] += others[layer] * rest }
    }
    return shares
  }

  /// How many users each node receives, sends for and computes for.
  struct Loads {
    var receiving: [Int]
    var sending: [Int]
    var computing: [Int]
    var attached: [Int]
  }

  func loads(_ association: Association, excluding excluded: Int? = nil) -> Loads {
    let count = model.nodes.count
    var loads = Loads(
      receiving: Array(repeating: 0, count: count), sending: Array(repeating: 0, count: count),
      computing: Array(repeating: 0, count: count), attached: association.attachedCounts())
    for (k, node) in topology.userNodes.enumerated() where k != excluded {
      let chain = association.chain(from: node)
      for (j, member) in chain.enumerated() {
        loads.computing[member] += 1
        if j > 0 { loads.receiving[member] += 1 }
        if j + 1 < chain.count { loads.sending[member] += 1 }
      }
    }
    return loads
  }

  // MARK: - Proposals

  /// Matching of users to first servers on estimated values.
  func matchingProposal(_ current: ContinuousBlock.Point) -> Association {
    let association = current.allocation.association
    let base = loads(association)
    var movable: [Int] = []
    var items: [[CapacitatedAssignment.Option]] = []
    var targets: [[Int?]] = []
    var capacities = model.nodes.map { $0.capacity ?? model.users.count + model.nodes.count }
    for (node, parent) in association.parent.enumerated() {
      guard let parent else { continue }
      if model.nodes[node].layer != .user || topology.pinned[node] != nil {
        capacities[parent] -= 1
      }
    }
    for (k, node) in topology.userNodes.enumerated() where topology.pinned[node] == nil {
      var userLoads = base
      for member in association.chain(from: node) {
        userLoads.computing[member] -= 1
        if member != node { userLoads.receiving[member] -= 1 }
      }
      var options = [
        CapacitatedAssignment.Option(
          slot: nil, weight: estimatedValue(k, chain: [node], loads: userLoads))
      ]
      var choices: [Int?] = [nil]
      for uplink in topology.uplinks[node] {
        let chain = [node] + association.chain(from: uplink.upper)
        options.append(
          .init(slot: uplink.upper, weight: estimatedValue(k, chain: chain, loads: userLoads)))
        choices.append(uplink.upper)
      }
      movable.append(node)
      items.append(options)
      targets.append(choices)
    }
    guard
      let picks = CapacitatedAssignment.solve(
        items: items, capacities: capacities.map { max($0, 0) })
    else {
      return association
    }
    var proposal = association
    for (index, node) in movable.enumerated() {
      proposal.parent[node] = targets[index][picks[index]]
    }
    return attachNewlyUsedServers(proposal).normalized(users: topology.userNodes)
  }

  /// Servers that a proposal puts on a chain but that have no attachment yet
  /// climb greedily, as in the start.
  func attachNewlyUsedServers(_ association: Association) -> Association {
    var result = association
    var load = result.attachedCounts()
    for layer in [Layer.ground, .uav] {
      for (node, info) in model.nodes.enumerated()
      where info.layer == layer && result.parent[node] == nil {
        guard topology.isOnChain(node, result) else { continue }
        if let pin = topology.pinned[node] {
          result.parent[node] = pin
          load[pin] += 1
          continue
        }
        let best = topology.uplinks[node]
          .filter { topology.hasRoom($0.upper, load) }
          .max { model.links[$0.link].gainOverNoise < model.links[$1.link].gainOverNoise }
        if let best {
          result.parent[node] = best.upper
          load[best.upper] += 1
        }
      }
    }
    return result
  }

  /// Every admissible association that differs from `association` in the
  /// attachment of one unpinned node on a chain (to another upper node with
  /// room, or to none), servers newly on a chain attached greedily.
  func singleReattachments(of association: Association) -> [Association] {
    var moves: [Association] = []
    let load = association.attachedCounts()
    for node in model.nodes.indices
    where topology.pinned[node] == nil && topology.isOnChain(node, association) {
      let choices: [Int?] = topology.uplinks[node].map { Optional($0.upper) } + [nil]
      for choice in choices where choice != association.parent[node] {
        if let choice, !topology.hasRoom(choice, load) { continue }
        var moved = association
        moved.parent[node] = choice
        moved = attachNewlyUsedServers(moved).normalized(users: topology.userNodes)
        if topology.isAdmissible(moved) { moves.append(moved) }
      }
    }
    return moves
  }

  /// Every single re-attachment, best estimated gain first.
  func rankedMoves(_ current: ContinuousBlock.Point) -> [Association] {
    let association = current.allocation.association
    return singleReattachments(of: association)
      .map { ($0, estimatedGain(of: $0, over: association)) }
      .sorted { $0.1 > $1.1 }
      .map(\.0)
  }

  /// Sum of estimated user values after a move minus before, over the users whose chain changes.
  func estimatedGain(of moved: Association, over association: Association) -> Double {
    let before = loads(association)
    let after = loads(moved)
    var gain = 0.0
    for (k, node) in topology.userNodes.enumerated() {
      let old = association.chain(from: node)
      let new = moved.chain(from: node)
      guard old != new else { continue }
      gain +=
        estimatedValue(k, chain: new, loads: after) - estimatedValue(k, chain: old, loads: before)
    }
    return gain
  }
}
