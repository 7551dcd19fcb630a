import SaginModel

/// What `equal` and `ratio-of-sums` change in PARA's loop.
enum SearchVariant {
  /// `equal`: bandwidth, power and CPU held at the equal split of every
  /// budget (full power) for the association at hand; FP steps move the
  /// shares only; F is maximized.
  case equalResources
  /// `ratio-of-sums`: shares and resources move to maximize the single ratio
  /// `sum Q / sum C` by Dinkelbach's method.
  case ratioOfSums
}

/// The baselines that keep PARA's association search but change its
/// continuous part: `equal` and `ratio-of-sums`.
///
/// Design note. The loop is PARA's: a start on the best-gain association,
/// then iterations of a continuous step and an association step. The
/// association step makes PARA's proposals (the capacitated matching on
/// estimated values, then single re-attachments: all of them on small
/// instances, the best-ranked few on larger ones, none above 200 users);
/// each proposal is re-optimized with the variant's continuous step and
/// accepted only when the variant's value rises: F for `equal`, the ratio
/// for `ratio-of-sums`. The loop stops when an iteration raises that value
/// by less than the tolerance (relative) or at the iteration limit.
extension ParaRun {
  // MARK: - equal

  /// `equal`: PARA's association search and shares, with every budget split
  /// equally and granted in full, as in PARA's start: a node's bandwidth
  /// equally over the hops that arrive at it (one hop per user whose data
  /// crosses the link, since the model grants bandwidth per user and hop),
  /// its transmit power equally over the hops it sends (a user's single
  /// uplink at its full budget), its CPU equally over the users it trains
  /// for. Only the shares (and the association) are optimized. When the
  /// equal split breaks a deadline or energy budget on the best-gain
  /// association, the shares must absorb it (a feasibility phase over the
  /// shares); failing that, single re-attachments are tried (up to 60, first
  /// feasible kept), and failing those the result is infeasible.
  mutating func equalBaseline() -> SolveOutcome {
    let greedy = topology.greedyAssociation()
    var start = searchStart(greedy, warm: nil, variant: .equalResources, block: block)
    // Limitation: the repair takes the first feasible single re-attachment;
    // unlike PARA's start repair it does not descend on the violation over
    // several moves, so it can miss a feasible association two moves away.
    if start == nil {
      for moved in singleReattachments(of: greedy).prefix(Self.startRepairLimit) {
        start = searchStart(moved, warm: nil, variant: .equalResources, block: block)
        if start != nil { break }
      }
      if start != nil {
        notes.append(
          "the best-gain association broke a deadline or energy budget under the equal split;"
            + " a single re-attachment made it feasible")
      }
    }
    guard let start else {
      return heldInfeasibleOutcome(
        Allocation.equalSplit(greedy, topology: topology), holding: .resources)
    }
    return alternate(from: start, variant: .equalResources)
  }

  // MARK: - ratio-of-sums

  /// `ratio-of-sums`: PARA's start (with its repair), association search and
  /// continuous block, but the value maximized is one ratio, `sum_i Q_i /
  /// sum_i C_i` (per-node objective: `sum_n Theta_n / sum_n C_n`), by
  /// Dinkelbach's method: with `q` the ratio at the current point, solve
  /// `max sum Q - q sum C` from it (one Ipopt solve of the continuous block),
  /// set `q` to the new ratio, and stop when `sum Q - q sum C` at the new
  /// point is below the tolerance times `sum Q`. Weights (user or layer) do
  /// not enter the ratio.
  ///
  /// With a per-user or per-node objective the numerator does not depend on
  /// the decisions (every user's data is trained somewhere, so the Thetas
  /// add up to `sum Q` too). Each Dinkelbach subproblem is therefore
  /// "minimize sum C" whatever `q` is, and the method settles after a few
  /// solves; the notes give the ratio before and after. The result reports
  /// the model's F (the sum of ratios) at the point reached, so methods
  /// compare on one scale; its trace holds F after each iteration, which
  /// can fall, since F is not what this method maximizes.
  mutating func ratioOfSumsBaseline() -> SolveOutcome {
    let greedy = topology.greedyAssociation()
    let repaired = feasibleStartNear(greedy)
    guard let start = repaired.start else { return infeasibleOutcome(repaired.association) }
    if repaired.association != greedy {
      notes.append(
        "the greedy start broke a deadline or energy budget; re-attaching nodes made it feasible")
    }
    let before = ratioOfSums(start)
    var result = alternate(from: start, variant: .ratioOfSums)
    if result.status != .numericalFailure {
      let after = ratioOfSums(block.evaluate(result.allocation))
      result.notes.append(
        "ratio-of-sums: sum Q / sum C rose from \(Self.format(before)) to \(Self.format(after))"
          + " (Dinkelbach); F is the sum of ratios at that point")
    }
    return result
  }

  /// `sum Q / sum C` over users (per-user objective) or nodes (per-node).
  func ratioOfSums(_ point: ContinuousBlock.Point) -> Double {
    let (updates, cost) = ratioParts(point)
    return cost > 0 ? updates / cost : 0
  }

  func ratioParts(_ point: ContinuousBlock.Point) -> (updates: Double, cost: Double) {
    switch model.objective {
    case .perUser:
      return (
        model.users.reduce(0) { $0 + $1.parameterVolume }, point.users.reduce(0) { $0 + $1.cost }
      )
    case .perNode:
      return (point.nodes.reduce(0) { $0 + $1.theta }, point.nodes.reduce(0) { $0 + $1.cost })
    }
  }

  /// One Dinkelbach subproblem from `point`: maximize `sum Q - q sum C` with
  /// `q` the ratio at `point`, over the continuous block.
  func dinkelbachStep(_ point: ContinuousBlock.Point, block: ContinuousBlock)
    -> ContinuousBlock.Point?
  {
    let (updates, cost) = ratioParts(point)
    guard updates > 0, cost > 0, cost.isFinite else { return nil }
    let q = updates / cost
    // Minimizing `q sum C / sum Q` is maximizing `sum Q - q sum C` (sum Q fixed);
    // dividing by sum Q keeps the objective near 1.
    let mode: ContinuousProblem.Mode
    switch model.objective {
    case .perUser:
      mode = .surrogate(weights: Array(repeating: q, count: model.users.count), scale: updates)
    case .perNode:
      var objective = block.nodeObjective(point, scale: updates)
      objective.squaredWeights = Array(repeating: q, count: model.nodes.count)
      objective.rootWeights = Array(repeating: 0, count: model.nodes.count)
      mode = .nodeSurrogate(objective)
    }
    return block.solve(point, mode: mode, holding: .nothing)
  }

  // MARK: - The loop

  /// The value a variant maximizes.
  func searchValue(_ point: ContinuousBlock.Point, variant: SearchVariant) -> Double {
    switch variant {
    case .equalResources: return point.objective
    case .ratioOfSums: return ratioOfSums(point)
    }
  }

  /// A feasible start of the variant on an association, nil when there is
  /// none. Users whose chain is the same as in `warm` keep their shares
  /// (`equal`) or their whole allocation (`ratio-of-sums`).
  func searchStart(
    _ association: Association, warm: ContinuousBlock.Point?, variant: SearchVariant,
    block: ContinuousBlock
  ) -> ContinuousBlock.Point? {
    guard topology.shareBoundConflicts(association).isEmpty else { return nil }
    var allocation = Allocation.equalSplit(association, topology: topology)
    switch variant {
    case .equalResources:
      if let warm {
        for k in allocation.users.indices
        where warm.allocation.users[k].chain == allocation.users[k].chain {
          allocation.users[k].shares = warm.allocation.users[k].shares
        }
      }
      let start = block.evaluate(allocation)
      if start.check.isFeasible { return start }
      let phase = block.minimizeViolation(start, holding: .resources)
      guard phase.violated.isEmpty, let point = phase.point else { return nil }
      if point.check.isFeasible { return point }
      if let polished = block.improve(point, holding: .resources), polished.check.isFeasible {
        return polished
      }
      return nil
    case .ratioOfSums:
      if let warm {
        for k in allocation.users.indices
        where warm.allocation.users[k].chain == allocation.users[k].chain {
          allocation.users[k] = warm.allocation.users[k]
        }
        let start = block.evaluate(allocation.fittedToBudgets(model: model))
        if start.check.isFeasible { return start }
      }
      guard case .feasible(let start) = feasibleStart(association) else { return nil }
      return start
    }
  }

  /// Up to `steps` continuous steps of the variant, each kept only when
  /// feasible and the variant's value rises; stops early once a step gains
  /// less than the tolerance (for Dinkelbach: `sum Q - q sum C` below the
  /// tolerance times `sum Q`, the same relative test on the ratio).
  func searchRefine(
    _ point: ContinuousBlock.Point, variant: SearchVariant, block: ContinuousBlock, steps: Int
  ) -> ContinuousBlock.Point {
    var current = point
    for _ in 0..<steps {
      let next: ContinuousBlock.Point?
      switch variant {
      case .equalResources: next = block.improve(current, holding: .resources)
      case .ratioOfSums: next = dinkelbachStep(current, block: block)
      }
      guard let next, next.check.isFeasible else { break }
      let before = searchValue(current, variant: variant)
      let after = searchValue(next, variant: variant)
      guard after > before else { break }
      current = next
      if after - before <= options.tolerance * abs(after) { break }
    }
    return current
  }

  /// PARA's association proposals, each re-optimized by the variant and
  /// kept when the variant's value rises (see the design note).
  // Limitation: this calls PARA's proposal functions (`matchingProposal`,
  // `rankedMoves`) rather than `improveAssociation`, whose acceptance rule is
  // F. When PARA's association step gains its SDP relaxation, `equal` and
  // `ratio-of-sums` keep the matching proposals until they are wired to it,
  // and the matching's estimates rank by PTE, not by the ratio of sums.
  func searchAssociation(
    _ current: ContinuousBlock.Point, variant: SearchVariant, block: ContinuousBlock
  ) -> ContinuousBlock.Point? {
    var candidateBlock = block
    candidateBlock.options.maxIterations = Self.candidateIterations
    candidateBlock.options.isWarmStart = true
    var best: ContinuousBlock.Point? = nil
    var bestValue = searchValue(current, variant: variant)
    func consider(_ association: Association) {
      guard
        let start = searchStart(
          association, warm: current, variant: variant, block: candidateBlock)
      else { return }
      let point = searchRefine(start, variant: variant, block: candidateBlock, steps: 3)
      let value = searchValue(point, variant: variant)
      if point.check.isFeasible, value > bestValue * (1 + 1e-9) {
        best = point
        bestValue = value
      }
    }
    let association = current.allocation.association
    let proposal = matchingProposal(current)
    if proposal != association { consider(proposal) }
    if best == nil, model.users.count <= Self.singleMoveUserLimit {
      let moves = rankedMoves(current)
      let chosen =
        moves.count <= Self.exhaustiveMoveLimit ? moves : Array(moves.prefix(Self.rankedMoveCount))
      for move in chosen { consider(move) }
    }
    return best
  }

  /// The alternating loop of the variant from a feasible start.
  mutating func alternate(from start: ContinuousBlock.Point, variant: SearchVariant)
    -> SolveOutcome
  {
    var current = start
    var solver = block
    var trace = [current.objective]
    var status = SolveStatus.iterationLimit
    var iterations = 0
    say("\(options.method.rawValue) start: F = \(current.objective)")
    while iterations < options.maxIterations {
      if options.shouldStop?() == true {
        notes.append("stopped on request; the last accepted point is returned")
        break
      }
      iterations += 1
      let before = searchValue(current, variant: variant)
      current = searchRefine(current, variant: variant, block: solver, steps: 1)
      // From here on every solve starts near a solution.
      solver.options.isWarmStart = true
      if let better = searchAssociation(current, variant: variant, block: solver) {
        current = better
      }
      trace.append(current.objective)
      say("iteration \(iterations): F = \(current.objective)")
      if searchValue(current, variant: variant) - before <= options.tolerance * abs(before) {
        status = .optimalStationary
        break
      }
    }
    return outcome(current, status: status, trace: trace, iterations: iterations)
  }
}
