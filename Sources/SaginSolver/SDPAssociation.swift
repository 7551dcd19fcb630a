import Foundation
import SaginModel

/// Step 4 of the PARA loop as the model document describes it: the
/// association of each layer written as a QCQP, lifted and relaxed to an SDP
/// (DSDP), preference scores read from the relaxation, rounded by the
/// Hungarian method with servers duplicated by capacity. docs/association-sdp.md
/// derives every term.
///
/// Layers go from the users up (users, ground servers, UAVs): the movers of
/// a layer are its unpinned nodes on some user's chain, each choosing an
/// upper node or no attachment while everything else stays where it is. A
/// layer with more movers than `SolveOptions.associationBlockSize` is split
/// into blocks of movers that share their best server, solved one after
/// the other, each with the blocks before it already moved (Gauss-Seidel).
extension ParaRun {
  /// What one relaxation pass did, for the outcome's notes.
  struct RelaxationReport {
    /// Blocks and largest block of every layer that was split.
    var splits: [(layer: Layer, blocks: Int, largest: Int)] = []
    var failedBlocks = 0
  }

  /// Notes for the outcome: which layers were split into blocks (the
  /// largest count seen in the solve), and DSDP failures.
  mutating func record(_ report: RelaxationReport) {
    let limit = max(options.associationBlockSize, 1)
    for split in report.splits {
      let noun = split.layer == .user ? "users" : "\(split.layer.title) servers"
      let prefix = "association SDP solved over "
      let note = prefix + "\(split.blocks) blocks of at most \(limit) \(noun)"
      if let index = notes.firstIndex(where: { $0.hasPrefix(prefix) && $0.hasSuffix(" " + noun) }) {
        let seen = Int(notes[index].dropFirst(prefix.count).prefix { $0.isNumber }) ?? 0
        if split.blocks > seen { notes[index] = note }
      } else {
        notes.append(note)
      }
    }
    let failure =
      "the association SDP or its rounding failed on a block; its nodes kept their attachments"
    if report.failedBlocks > 0, !notes.contains(failure) { notes.append(failure) }
  }

  /// How many of a proposal's user moves the smaller proposal keeps.
  static let partialFraction = 0.25

  /// Associations proposed by the SDP relaxation of every layer, to be
  /// tried in order until one raises F: when the rounded relaxation moves at
  /// least four users, first the same with only the quarter of the user
  /// moves that the QCQP values most; then the whole rounded relaxation. A
  /// large proposal is judged by a truncated continuous re-solve from a point
  /// where every moved user starts from an equal split, and the estimates
  /// behind the QCQP are rough: on the benchmark the whole proposal was
  /// often refused where its best quarter passed.
  func relaxationProposals(
    _ current: ContinuousBlock.Point
  ) -> (proposals: [Association], report: RelaxationReport) {
    let started = ContinuousClock.now
    let start = current.allocation.association
    var association = start
    var report = RelaxationReport()
    var random = SplitMix64(seed: options.seed ^ current.objective.bitPattern)
    let limit = max(options.associationBlockSize, 1)
    var userMoves: [(node: Int, upper: Int?, gain: Double)] = []
    for layer in Self.relaxedLayers {
      let onChain = Set(topology.userNodes.flatMap { association.chain(from: $0) })
      let movers = model.nodes.indices.filter {
        model.nodes[$0].layer == layer && onChain.contains($0) && topology.pinned[$0] == nil
          && !topology.uplinks[$0].isEmpty
      }
      guard !movers.isEmpty else { continue }
      let blocks = associationBlocks(movers, limit: limit)
      if blocks.count > 1 {
        report.splits.append((layer, blocks.count, blocks.map(\.count).max() ?? 0))
      }
      for block in blocks {
        guard let problem = associationQCQP(block, association) else { continue }
        guard let choice = relaxAndRound(problem, random: &random) else {
          report.failedBlocks += 1
          continue
        }
        let gains = problem.marginalGains(choice)
        for (n, mover) in problem.movers.enumerated() {
          let upper = mover.options[choice[n]]
          if layer == .user, upper != association.parent[mover.node] {
            userMoves.append((mover.node, upper, gains[n]))
          }
          association.parent[mover.node] = upper
        }
        association = association.normalized(users: topology.userNodes)
      }
      association = attachNewlyUsedServers(association).normalized(users: topology.userNodes)
    }
    var proposals = [association]
    if userMoves.count >= 4 {
      var partial = start
      let kept = userMoves.sorted { $0.gain > $1.gain }
        .prefix(Int((Double(userMoves.count) * Self.partialFraction).rounded(.up)))
      for move in kept { partial.parent[move.node] = move.upper }
      partial = attachNewlyUsedServers(partial.normalized(users: topology.userNodes))
        .normalized(users: topology.userNodes)
      if partial != association, topology.isAdmissible(partial) { proposals.insert(partial, at: 0) }
    }
    // Each proposal costs a continuous re-solve of the whole instance; above
    // the size where single moves stop, one proposal per iteration.
    if model.users.count > Self.singleMoveUserLimit { proposals = Array(proposals.prefix(1)) }
    let changed = zip(association.parent, start.parent).filter { $0 != $1 }.count
    say(
      "association SDP: \(changed) attachments change, \(userMoves.count) of them users' "
        + "(\(Self.format(seconds(since: started))) s)")
    return (proposals, report)
  }

  /// Re-optimizes a proposal from the current point, as `optimize(_:warm:)`
  /// does, except that a user whose chain changes but keeps its layers (a
  /// user moving between ground servers, a UAV switching satellites) keeps
  /// its shares and grants on the new nodes, scaled into their budgets with
  /// everyone else's, instead of starting from an equal split. A proposal
  /// that moves a server moves all of its users; from equal splits their
  /// truncated re-solve fell far short, judging the association by the
  /// start rather than by itself (one 100-user proposal: F = 1.29e6 from
  /// equal splits, 2.16e6 from the users' own grants).
  func reoptimizeProposal(
    _ association: Association, from current: ContinuousBlock.Point
  ) -> ContinuousBlock.Point? {
    guard topology.shareBoundConflicts(association).isEmpty else { return nil }
    var users = Allocation.equalSplit(association, topology: topology).users
    for k in users.indices {
      let old = current.allocation.users[k]
      let layers = { (chain: [Int]) in chain.map { self.model.nodes[$0].layer } }
      guard layers(old.chain) == layers(users[k].chain) else { continue }
      let chain = users[k].chain
      users[k] = old
      users[k].chain = chain
    }
    let start = block.evaluate(
      Allocation(association: association, users: users).fittedToBudgets(model: model))
    var trial = self
    trial.candidateMode()
    if start.check.isFeasible { return trial.refineContinuous(start, steps: 3) }
    return trial.optimize(association, steps: 3)
  }

  /// Layers whose attachments the relaxation decides, from the users up.
  static let relaxedLayers: [Layer] = [.user, .ground, .uav]

  private func seconds(since start: ContinuousClock.Instant) -> Double {
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
  }

  /// Movers in blocks of at most `limit`: grouped by their best-gain upper
  /// node (users of one area share candidate servers, so a block keeps most
  /// of the couplings among them), groups packed in node order, a group
  /// larger than the limit cut into pieces.
  ///
  /// Limitation: the bound counts movers, not links; a block of users with
  /// many candidate servers gives a larger SDP than the measurements behind
  /// the default bound (about 1.25 links per user). Couplings between blocks
  /// are seen only through the loads that earlier blocks leave behind.
  func associationBlocks(_ movers: [Int], limit: Int) -> [[Int]] {
    guard movers.count > limit else { return [movers] }
    var groups: [Int: [Int]] = [:]
    for node in movers {
      let best = topology.uplinks[node].max {
        model.links[$0.link].gainOverNoise < model.links[$1.link].gainOverNoise
      }
      groups[best?.upper ?? -1, default: []].append(node)
    }
    var blocks: [[Int]] = []
    var open: [Int] = []
    for key in groups.keys.sorted() {
      let group = groups[key] ?? []
      if open.count + group.count > limit, !open.isEmpty {
        blocks.append(open)
        open = []
      }
      var start = 0
      while group.count - start > limit {
        blocks.append(Array(group[start..<(start + limit)]))
        start += limit
      }
      open += group[start...]
    }
    if !open.isEmpty { blocks.append(open) }
    return blocks
  }

  // MARK: - Building the QCQP

  /// The QCQP of one block of movers (all of one layer), nil when no mover has a choice.
  ///
  /// Values come from `mixedValue` (each user's weighted PTE with a fair
  /// share of every budget on its chain). For mover n with users U_n and
  /// option u (chain above the mover: u's own, with idle servers attached as
  /// they would be), with the other movers where they are:
  ///
  /// - `V[n][u]` = sum over U_n of the estimated value;
  /// - `d[n][u]` = its change when one more user shares u (forward
  ///   difference: the fair share at u goes from 1/(L+1) to 1/(L+2)), at
  ///   most 0 per user;
  /// - linear in the load at u, `value = V + d (L_u - L0_u)`, where the load
  ///   that the other movers put on u is `sum_{n'} |U_n'| a[n'][u]`. Hence
  ///   `c[n][u] = V[n][u] - d[n][u] L0_u(other movers)` and the coupling of
  ///   (n, u) with (n', u) is `d[n][u] |U_n'| + d[n'][u] |U_n|`.
  ///
  /// f is then exact at the current association and first-order accurate
  /// for every single move. Loads further up the chain (the UAV or satellite
  /// above u) are held at their current values: coupling every two movers
  /// whose chains meet anywhere made the objective dense and lowered F on
  /// the benchmark (docs/association-sdp.md, section 3).
  ///
  /// Limitation: the fair share is convex in the load, so the linear model
  /// under-rates a server that many users leave and over-penalizes one that
  /// many users join; and fair shares are not the continuous block's
  /// optimized grants, which are what F is judged by. On the benchmark the
  /// estimated total was about 25 % below the actual F and did not always
  /// rank associations as F does; the acceptance test on F catches that.
  func associationQCQP(_ block: [Int], _ association: Association) -> AssociationQCQP? {
    let prospective = withIdleServersAttached(association)
    let chains = topology.userNodes.map { association.chain(from: $0) }
    let inBlock = Set(block)
    // Users carried by each mover, with the mover's position on their chain.
    var groups: [Int: [(user: Int, position: Int)]] = [:]
    for (k, chain) in chains.enumerated() {
      for (j, node) in chain.enumerated() where inBlock.contains(node) {
        groups[node, default: []].append((k, j))
      }
    }
    // Capacity used by the nodes that stay attached.
    var fixed = Set(model.nodes.indices.filter { !inBlock.contains($0) })
    var movers = block.filter { groups[$0] != nil }
    var options: [Int: [Int?]] = [:]
    while true {
      var used = [Int](repeating: 0, count: model.nodes.count)
      for node in fixed { if let upper = association.parent[node] { used[upper] += 1 } }
      for node in movers {
        let group = groups[node] ?? []
        let candidates: [Int?] = [nil] + topology.uplinks[node].map { Optional($0.upper) }
        options[node] = candidates.filter { upper in
          if let upper, let capacity = model.nodes[upper].capacity, used[upper] >= capacity {
            return false
          }
          let up = upper.map { prospective.chain(from: $0) } ?? []
          return group.allSatisfy {
            honoursShareBounds($0.user, chain: Array(chains[$0.user][...$0.position]) + up)
          }
        }
      }
      let stuck = movers.filter { (options[$0]?.count ?? 0) < 2 }
      if stuck.isEmpty { break }
      fixed.formUnion(stuck)
      movers.removeAll { stuck.contains($0) }
    }
    guard !movers.isEmpty else { return nil }
    var capacities: [Int: Int] = [:]
    do {
      var used = [Int](repeating: 0, count: model.nodes.count)
      for node in fixed { if let upper = association.parent[node] { used[upper] += 1 } }
      for node in movers {
        for case let upper? in options[node] ?? [] {
          if let capacity = model.nodes[upper].capacity {
            capacities[upper] = capacity - used[upper]
          }
        }
      }
    }

    // Users that the movers route through each upper node today.
    var moverLoad = [Double](repeating: 0, count: model.nodes.count)
    for node in movers {
      if let upper = association.parent[node] {
        moverLoad[upper] += Double(groups[node]?.count ?? 0)
      }
    }

    var loads = self.loads(association)
    var qcqpMovers: [AssociationQCQP.Mover] = []
    // Per upper node: the options that attach to it, with their slope there.
    var sharers: [Int: [(option: Int, mover: Int, slope: Double)]] = [:]
    var optionCount = 0
    for (n, node) in movers.enumerated() {
      let group = groups[node] ?? []
      let size = Double(group.count)
      for member in group { shift(&loads, chains[member.user], by: -1) }
      var values: [Double] = []
      let choices = options[node] ?? []
      for upper in choices {
        let up = upper.map { prospective.chain(from: $0) } ?? []
        let newChains = group.map { Array(chains[$0.user][...$0.position]) + up }
        for chain in newChains { shift(&loads, chain, by: 1) }
        var total = 0.0
        var slope = 0.0
        for (g, member) in group.enumerated() {
          shift(&loads, newChains[g], by: -1)
          let value = mixedValue(member.user, chain: newChains[g], loads: loads)
          total += value
          if let upper {
            let sends = up.count > 1
            bump(&loads, upper, sends: sends, by: 1)
            // A user need not use all of its share, so one more sharer can
            // not raise its value; with energy in the cost the fair-share
            // estimate sometimes rises (less power or CPU spends less
            // energy), which is clipped.
            slope += min(mixedValue(member.user, chain: newChains[g], loads: loads) - value, 0)
            bump(&loads, upper, sends: sends, by: -1)
          }
          shift(&loads, newChains[g], by: 1)
        }
        for chain in newChains { shift(&loads, chain, by: -1) }
        var linear = total
        if let upper {
          let others = moverLoad[upper] - (association.parent[node] == upper ? size : 0)
          linear -= slope * others
          sharers[upper, default: []].append((optionCount + values.count, n, slope))
        }
        values.append(linear)
      }
      for member in group { shift(&loads, chains[member.user], by: 1) }
      let current = choices.firstIndex(of: association.parent[node]) ?? 0
      let reference = choices.firstIndex(of: nil) ?? current
      qcqpMovers.append(
        .init(
          node: node, options: choices, values: values, reference: reference,
          current: choices.firstIndex(of: association.parent[node])))
      optionCount += choices.count
    }

    let sizes = movers.map { Double(groups[$0]?.count ?? 0) }
    var weights: [Int: Double] = [:]  // key first * optionCount + second, first < second
    for (_, list) in sharers where list.count > 1 {
      for i in list.indices {
        for j in (i + 1)..<list.count where list[i].mover != list[j].mover {
          let a = list[i]
          let b = list[j]
          let w = a.slope * sizes[b.mover] + b.slope * sizes[a.mover]
          weights[min(a.option, b.option) * optionCount + max(a.option, b.option), default: 0] += w
        }
      }
    }
    let couplings = weights.filter { $0.value != 0 }.sorted { $0.key < $1.key }.map {
      AssociationQCQP.Coupling(
        first: $0.key / optionCount, second: $0.key % optionCount, weight: $0.value)
    }
    return AssociationQCQP(movers: qcqpMovers, couplings: couplings, capacities: capacities)
  }

  // MARK: - Estimates

  /// Estimated weighted PTE of user k on `chain`: `estimatedValue`'s fair
  /// share of every budget given the loads, and the best share split on the
  /// segments from the split that favours local training to the equal split
  /// and to each split that favours one server layer (the end points are
  /// `estimatedValue`'s own candidates, so this is never below it).
  ///
  /// With the resources fixed, every latency `L[l]` and the energy are affine
  /// in the shares, hence along a segment; the cost `w_T max_l L[l] + w_E E`
  /// is then convex and piecewise linear in the position t on it, and its
  /// minimum lies at an end or where two latencies cross. Two evaluations per
  /// segment give it exactly. Fixed end-point splits alone miss the best
  /// split when many users share a server: in the 1,000-user benchmark every
  /// option's best fixed split was all-local, so every option had the same
  /// value and the QCQP carried no information.
  func mixedValue(_ k: Int, chain: [Int], loads: Loads) -> Double {
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
    func figures(_ shares: [Double]) -> UserFigures {
      block.evaluator.userFigures(
        k,
        UserAllocation(
          chain: chain, shares: shares, bandwidths: bandwidths, powers: powers,
          frequencies: frequencies))
    }
    func value(cost: Double) -> Double {
      cost > 0 && cost.isFinite ? user.weight * user.parameterVolume / cost : 0
    }
    let local = figures(favouredShares(layers: layers, favoured: 0, bounds: user.shareBounds))
    var best = value(cost: local.cost)
    guard layers.count > 1 else { return best }
    let ends: [Int?] = [nil] + layers.dropFirst().map(Optional.some)
    for favoured in ends {
      let other = figures(
        favouredShares(layers: layers, favoured: favoured, bounds: user.shareBounds))
      best = max(best, value(cost: other.cost))
      let a = layers.map { local.latencies[$0] }
      let b = layers.map { other.latencies[$0] }
      guard (a + b + [local.energy, other.energy]).allSatisfy(\.isFinite) else { continue }
      func cost(_ t: Double) -> Double {
        let latest = zip(a, b).map { $0 + t * ($1 - $0) }.max() ?? 0
        return model.delayWeight * latest
          + model.energyWeight * (local.energy + t * (other.energy - local.energy))
      }
      var candidates: [Double] = []
      for i in a.indices {
        for j in a.indices where j > i {
          let slopes = (b[i] - a[i]) - (b[j] - a[j])
          guard slopes != 0 else { continue }
          let t = (a[j] - a[i]) / slopes
          if t > 0, t < 1 { candidates.append(t) }
        }
      }
      for t in candidates { best = max(best, value(cost: cost(t))) }
    }
    return best
  }

  /// Adds (or removes) one user's chain to the loads.
  func shift(_ loads: inout Loads, _ chain: [Int], by amount: Int) {
    for (j, node) in chain.enumerated() {
      loads.computing[node] += amount
      if j > 0 { loads.receiving[node] += amount }
      if j + 1 < chain.count { loads.sending[node] += amount }
    }
  }

  /// One more (or one less) user passing through node x from below.
  func bump(_ loads: inout Loads, _ x: Int, sends: Bool, by amount: Int) {
    loads.computing[x] += amount
    loads.receiving[x] += amount
    if sends { loads.sending[x] += amount }
  }

  /// Whether user k's share bounds can be met on `chain` (no bound forces a
  /// share off the chain, and the chain's upper bounds reach 100 %).
  func honoursShareBounds(_ k: Int, chain: [Int]) -> Bool {
    let bounds = model.users[k].shareBounds
    let layers = Set(chain.map { model.nodes[$0].layer.rawValue })
    for layer in 0..<4 where !layers.contains(layer) && bounds[layer].lower > 0 { return false }
    return layers.reduce(0.0) { $0 + bounds[$1].upper } >= 1 - 1e-12
  }

  /// The association with every idle, unpinned server attached greedily
  /// (best gain over noise with room), pinned ones to their pin: the chain a
  /// server would climb if a proposal put it on some user's chain.
  func withIdleServersAttached(_ association: Association) -> Association {
    var result = association
    var load = result.attachedCounts()
    for layer in [Layer.ground, .uav] {
      for (node, info) in model.nodes.enumerated()
      where info.layer == layer && result.parent[node] == nil {
        if let pin = topology.pinned[node] {
          result.parent[node] = pin
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

  // MARK: - Relaxing and rounding

  /// A move in a rounded proposal must raise the QCQP's f by more than this
  /// fraction of a mover's average current value, or it is undone.
  static let negligibleGain = 1e-3

  /// Solves the SDP relaxation and rounds it: the Hungarian rounding of the
  /// relaxed attachment probabilities z (the first row of Y), and with
  /// `randomizationSamples` > 0 as many roundings of samples from
  /// `N(z, Z - z z^T)`; the rounding with the best f. Nil when DSDP fails.
  func relaxAndRound(_ problem: AssociationQCQP, random: inout SplitMix64) -> [Int]? {
    let lifted = problem.lifted()
    let d = lifted.variables.count
    guard d > 0 else { return problem.movers.map(\.reference) }
    // Limitation: a solution DSDP stopped on without converging (iteration
    // limit, short steps) is rounded like any other; only the F test judges it.
    guard let solution = DSDPRunner.solve(lifted.program) else { return nil }
    let n = d + 1
    let z = (1...d).map { solution.matrix[$0 * n] }
    guard var best = problem.round(problem.scores(z, lifted: lifted)) else { return nil }
    let typical =
      problem.movers.reduce(0.0) { total, mover in
        total + abs(mover.current.map { mover.values[$0] } ?? 0)
      } / Double(problem.movers.count)
    let threshold = Self.negligibleGain * typical
    best = problem.withoutNegligibleMoves(best, threshold: threshold)
    var bestValue = problem.value(best)
    if options.randomizationSamples > 0 {
      var covariance = [Double](repeating: 0, count: d * d)
      for p in 0..<d {
        for q in 0..<d {
          covariance[p * d + q] = solution.matrix[(p + 1) * n + q + 1] - z[p] * z[q]
        }
      }
      var sampler = GaussianSampler(mean: z, covariance: covariance)
      for _ in 0..<options.randomizationSamples {
        let sample = sampler.sample(&random)
        guard let rounded = problem.round(problem.scores(sample, lifted: lifted)) else { continue }
        let choice = problem.withoutNegligibleMoves(rounded, threshold: threshold)
        let value = problem.value(choice)
        if value > bestValue {
          best = choice
          bestValue = value
        }
      }
    }
    return best
  }
}
