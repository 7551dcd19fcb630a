import SaginModel

/// The baselines of section 10 that fix the association by a rule and then
/// run PARA's continuous blocks on it: `random`, `nearest` and
/// `full-offload`. (`local` is in LocalBaseline.swift; `equal` and
/// `ratio-of-sums`, which keep PARA's association search, in
/// BaselineSearch.swift.)
///
/// Design note. With the association fixed, "PARA blocks" means PARA's own
/// loop without its association step: the equal-split start (through the
/// feasibility phase when it breaks a deadline or energy budget), then FP
/// steps of the continuous block, each accepted only when F rises, until the
/// relative gain falls below the tolerance or the iteration limit is
/// reached. The trace starts at the feasible start and never decreases.
/// When the rule's association admits no feasible point, the result is
/// infeasible: unlike PARA, a baseline does not re-attach nodes to repair
/// its start, since its association is what it is compared on.
///
/// Every baseline ignores `SolveOptions.warmStart`: each is defined by its
/// own starting rule, and starting from another method's solution would
/// change what it measures.
extension ParaRun {
  /// How many associations `random` draws before it reports infeasibility.
  static let randomDrawLimit = 20

  // MARK: - random

  /// `random`: every node on a chain attaches to a uniformly random upper
  /// node among those it may reach (allowed links: coverage, forbids and
  /// layer skipping as the model encodes them) that still have capacity;
  /// pins are kept. The nodes of each layer are visited in a random order,
  /// so that capacity does not favour the nodes declared first; a node none
  /// of whose upper nodes has room does not attach. "Not attaching" is not
  /// one of the random choices: the baseline is a random reachable
  /// association, and a node that stays local is what `local` measures.
  ///
  /// The draws come from `SplitMix64(seed: options.seed)`, so the same seed
  /// gives the same association on every machine. A draw with no feasible
  /// point (share bounds its chain cannot honour, or a deadline or energy
  /// budget the feasibility phase cannot meet) is replaced by the next draw
  /// of the same generator, up to `randomDrawLimit` draws in all; the notes
  /// say how many were discarded. If none is feasible the result is
  /// infeasible, reported for the last draw.
  mutating func randomBaseline() -> SolveOutcome {
    // Limitation: draws ignore share bounds; a draw whose chain misses a
    // layer that a bound requires is discarded, so on scenarios where bounds
    // pin most users to one layer, 20 draws may all be discarded.
    var generator = SplitMix64(seed: options.seed)
    var last = Association.none(nodeCount: model.nodes.count)
    for draw in 1...Self.randomDrawLimit {
      last = randomAssociation(using: &generator)
      guard case .feasible(let start) = feasibleStart(last) else { continue }
      if draw > 1 {
        notes.append(
          "random association: draw \(draw) of seed \(options.seed) is used; the \(draw - 1)"
            + " before it had no feasible point")
      }
      return fixedAssociationOutcome(start, holding: .nothing)
    }
    notes.append(
      "random association: none of \(Self.randomDrawLimit) draws of seed \(options.seed)"
        + " had a feasible point; the reasons are those of the last draw")
    return infeasibleOutcome(last)
  }

  /// One random association (see `randomBaseline`).
  func randomAssociation(using generator: inout SplitMix64) -> Association {
    var association = Association.none(nodeCount: model.nodes.count)
    var load = [Int](repeating: 0, count: model.nodes.count)
    for pin in model.pins {
      association.parent[pin.from] = pin.to
      load[pin.to] += 1
    }
    var onChain = [Bool](repeating: false, count: model.nodes.count)
    for user in topology.userNodes { onChain[user] = true }
    for layer in Layer.allCases {
      var order = model.nodes.indices.filter { model.nodes[$0].layer == layer && onChain[$0] }
      Self.shuffle(&order, using: &generator)
      for node in order {
        if association.parent[node] == nil {
          let choices = topology.uplinks[node].filter { topology.hasRoom($0.upper, load) }
          if !choices.isEmpty {
            let upper = choices[Self.index(below: choices.count, using: &generator)].upper
            association.parent[node] = upper
            load[upper] += 1
          }
        }
        if let upper = association.parent[node] { onChain[upper] = true }
      }
    }
    return association.normalized(users: topology.userNodes)
  }

  /// Uniform in `0..<count` from the generator's next number.
  /// (Written out rather than `Int.random(in:using:)`, whose algorithm the
  /// standard library does not promise to keep.)
  static func index(below count: Int, using generator: inout SplitMix64) -> Int {
    min(Int(generator.unit() * Double(count)), count - 1)
  }

  /// Fisher-Yates shuffle driven by the generator.
  static func shuffle(_ values: inout [Int], using generator: inout SplitMix64) {
    guard values.count > 1 else { return }
    for i in stride(from: values.count - 1, to: 0, by: -1) {
      values.swapAt(i, index(below: i + 1, using: &generator))
    }
  }

  // MARK: - nearest

  /// `nearest`: the best-gain association of PARA's start (`g / N0` over the
  /// reachable upper nodes with capacity; pins first, layer by layer in
  /// declaration order), kept fixed; then PARA's continuous blocks.
  mutating func nearestBaseline() -> SolveOutcome {
    let association = topology.greedyAssociation()
    guard case .feasible(let start) = feasibleStart(association) else {
      notes.append("nearest keeps the best-gain association, which has no feasible point")
      return infeasibleOutcome(association)
    }
    return fixedAssociationOutcome(start, holding: .nothing)
  }

  // MARK: - full-offload

  /// `full-offload`: the best-gain association of `nearest`, no local share,
  /// the data split equally over the server layers of each chain (water
  /// filling within the share bounds), and PARA's continuous block over the
  /// resources with the shares held.
  ///
  /// A user whose bounds require a local share keeps its lower bound locally
  /// (and more only when the server layers' upper bounds cannot take the
  /// rest); a user left without a server (none it reaches has room) trains
  /// everything locally. Both are named in the notes.
  mutating func fullOffloadBaseline() -> SolveOutcome {
    let association = topology.greedyAssociation()
    var allocation = Allocation.equalSplit(association, topology: topology)
    var keptLocal: [String] = []
    var stranded: [String] = []
    for k in allocation.users.indices {
      let chain = allocation.users[k].chain
      let id = model.nodes[chain[0]].id
      let layers = chain.map { model.nodes[$0].layer.rawValue }
      let shares = Self.offloadedShares(layers: layers, bounds: model.users[k].shareBounds)
      allocation.users[k].shares = shares
      if chain.count == 1 {
        stranded.append(id)
      } else if shares[0] > 0 {
        keptLocal.append("\(id) \(Self.format(100 * shares[0])) %")
      }
    }
    if !keptLocal.isEmpty {
      notes.append(
        "full-offload: share bounds keep a local share: " + keptLocal.joined(separator: ", "))
    }
    if !stranded.isEmpty {
      notes.append(
        "full-offload: no server is on the chain of these users (none they reach has room), so"
          + " they train everything locally: " + stranded.joined(separator: ", "))
    }
    return heldStartOutcome(allocation, holding: .shares)
  }

  /// Shares with the least local share the bounds allow and the rest split as
  /// equally as the bounds allow over the server layers of the chain (layer
  /// 0 first in `layers`). A chain without servers keeps everything local.
  static func offloadedShares(layers: [Int], bounds: [ShareBound]) -> [Double] {
    var shares = [Double](repeating: 0, count: 4)
    let servers = layers.filter { $0 != 0 }
    guard !servers.isEmpty else {
      shares[0] = 1
      return shares
    }
    let room = servers.reduce(0.0) { $0 + bounds[$1].upper }
    let local = max(bounds[0].lower, 1 - room, 0)
    let rest = 1 - local
    func fill(_ level: Double) -> Double {
      servers.reduce(0) { $0 + min(max(level, bounds[$1].lower), bounds[$1].upper) }
    }
    var low = 0.0
    var high = 1.0
    for _ in 0..<100 {
      let middle = (low + high) / 2
      if fill(middle) < rest { low = middle } else { high = middle }
    }
    for layer in servers {
      shares[layer] = min(max(high, bounds[layer].lower), bounds[layer].upper)
    }
    let offloaded = shares.reduce(0, +)
    if offloaded > 0, abs(offloaded - rest) < 1e-9 {
      for layer in servers { shares[layer] *= rest / offloaded }
    }
    shares[0] = local
    return shares
  }

  // MARK: - Shared steps

  /// A baseline start with `held` decisions as given: evaluated, through the
  /// feasibility phase over the free decisions when it breaks a deadline or
  /// energy budget, then PARA's FP steps over the free decisions.
  mutating func heldStartOutcome(_ allocation: Allocation, holding held: HeldDecisions)
    -> SolveOutcome
  {
    let association = allocation.association
    guard topology.shareBoundConflicts(association).isEmpty else {
      return heldInfeasibleOutcome(allocation, holding: held)
    }
    guard let start = heldFeasibleStart(allocation, holding: held) else {
      return heldInfeasibleOutcome(allocation, holding: held)
    }
    return fixedAssociationOutcome(start, holding: held)
  }

  /// The allocation when feasible; otherwise the feasibility phase over the
  /// decisions not held, polished by one FP step; nil when a violation stays.
  func heldFeasibleStart(_ allocation: Allocation, holding held: HeldDecisions)
    -> ContinuousBlock.Point?
  {
    let start = block.evaluate(allocation)
    if start.check.isFeasible { return start }
    let phase = block.minimizeViolation(start, holding: held)
    guard phase.violated.isEmpty, let point = phase.point else { return nil }
    if point.check.isFeasible { return point }
    if let polished = block.improve(point, holding: held), polished.check.isFeasible {
      return polished
    }
    return nil
  }

  /// PARA's loop without the association step, from a feasible start.
  mutating func fixedAssociationOutcome(
    _ start: ContinuousBlock.Point, holding held: HeldDecisions
  ) -> SolveOutcome {
    var current = start
    var trace = [current.objective]
    var solver = block
    var status = SolveStatus.iterationLimit
    var iterations = 0
    say("\(options.method.rawValue) start: F = \(current.objective)")
    while iterations < options.maxIterations {
      if options.shouldStop?() == true {
        notes.append("stopped on request; the last accepted point is returned")
        break
      }
      iterations += 1
      let before = current.objective
      if let next = solver.improve(current, holding: held), next.check.isFeasible,
        next.objective > current.objective
      {
        current = next
      }
      // From here on every solve starts near a solution.
      solver.options.isWarmStart = true
      trace.append(current.objective)
      say("iteration \(iterations): F = \(current.objective)")
      if current.objective - before <= options.tolerance * abs(before) {
        status = .optimalStationary
        break
      }
    }
    return outcome(current, status: status, trace: trace, iterations: iterations)
  }

  /// An infeasibility report for a baseline whose `held` decisions are fixed:
  /// share-bound conflicts of the association, or the constraints that the
  /// feasibility phase over the free decisions leaves violated.
  func heldInfeasibleOutcome(_ allocation: Allocation, holding held: HeldDecisions)
    -> SolveOutcome
  {
    var reasons = topology.shareBoundConflicts(allocation.association)
    let start = block.evaluate(allocation)
    if reasons.isEmpty {
      let phase = block.minimizeViolation(start, holding: held)
      reasons = phase.violated.map { explain($0, closest: phase.point) }
    }
    if reasons.isEmpty {
      reasons = [
        InfeasibilityReason(
          entity: "scenario", attribute: nil,
          message: "no feasible point was found for the \(options.method.rawValue) baseline")
      ]
    }
    return SolveOutcome(
      status: .infeasible, method: options.method, objective: 0, trace: [], iterations: 0,
      seconds: 0, allocation: start.allocation, users: start.users, nodes: start.nodes,
      check: start.check, infeasibility: reasons, notes: notes)
  }
}
