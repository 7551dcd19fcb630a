import SaginModel

/// The `exhaustive` method of section 10: every admissible association of a
/// small instance, each with a multi-start continuous solve; the best found.
/// It exists to give PARA a best-known optimum to be compared against.
extension ParaRun {
  /// How many of the best single-start associations are re-solved from every start.
  static let multiStartCandidates = 4

  mutating func exhaustive() throws -> SolveOutcome {
    let associations = try enumerateAssociations(limit: options.exhaustiveLimit)
    say("exhaustive: \(associations.count) associations")
    // One start per association first; the most promising few get every start.
    var singles: [(association: Association, point: ContinuousBlock.Point)] = []
    for association in associations {
      guard case .feasible(let start) = feasibleStart(association) else { continue }
      let point = refineContinuous(start, steps: 8)
      if point.check.isFeasible { singles.append((association, point)) }
    }
    singles.sort { $0.point.objective > $1.point.objective }
    var best = singles.first?.point
    for candidate in singles.prefix(Self.multiStartCandidates) {
      for start in multiStarts(candidate.association).dropFirst() {
        let point = refineContinuous(start, steps: 8)
        if point.check.isFeasible, point.objective > best?.objective ?? -.infinity { best = point }
      }
    }
    guard let best else { return infeasibleOutcome(topology.greedyAssociation()) }
    notes.append("exhaustive search over \(associations.count) associations")
    return outcome(
      best, status: .optimalStationary, trace: [best.objective], iterations: associations.count)
  }

  /// Feasible starting points for one association: the equal split, and the
  /// equal split with the shares tilted as far as the bounds allow towards
  /// each layer of every chain in turn (all users alike).
  func multiStarts(_ association: Association) -> [ContinuousBlock.Point] {
    guard case .feasible(let equal) = feasibleStart(association) else { return [] }
    var starts = [equal]
    for layer in 0..<4 {
      var allocation = equal.allocation
      var changed = false
      for k in allocation.users.indices {
        let layers = allocation.users[k].chain.map { model.nodes[$0].layer.rawValue }
        guard layers.contains(layer), layers.count > 1 else { continue }
        allocation.users[k].shares = favouredShares(
          layers: layers, favoured: layer, bounds: model.users[k].shareBounds)
        changed = true
      }
      guard changed else { continue }
      let point = block.evaluate(allocation)
      if point.check.isFeasible { starts.append(point) }
    }
    return starts
  }

  /// Every admissible association with idle servers unattached, in a fixed order.
  func enumerateAssociations(limit: Int) throws -> [Association] {
    let order = model.nodes.indices.sorted {
      (model.nodes[$0].layer, $0) < (model.nodes[$1].layer, $1)
    }
    var results: [Association] = []
    var current = Association.none(nodeCount: model.nodes.count)
    var load = [Int](repeating: 0, count: model.nodes.count)
    var onChain = [Bool](repeating: false, count: model.nodes.count)
    for user in topology.userNodes { onChain[user] = true }

    func visit(_ position: Int) throws {
      if position == order.count {
        results.append(current)
        if results.count > limit {
          throw SolveError.tooLargeForExhaustive(limit: limit)
        }
        return
      }
      let node = order[position]
      guard onChain[node] else { return try visit(position + 1) }
      let choices: [Int?] =
        topology.pinned[node].map { [$0] }
        ?? ([nil] + topology.uplinks[node].map { Optional($0.upper) })
      for choice in choices {
        if let choice {
          guard topology.hasRoom(choice, load) else { continue }
          let wasOnChain = onChain[choice]
          current.parent[node] = choice
          load[choice] += 1
          onChain[choice] = true
          try visit(position + 1)
          onChain[choice] = wasOnChain
          load[choice] -= 1
          current.parent[node] = nil
        } else {
          try visit(position + 1)
        }
      }
    }
    try visit(0)
    return results
  }
}
