import Foundation
import SaginModel
import Testing

@testable import SaginSolver

/// The baselines of section 10 (`random`, `nearest`, `equal`, `local`,
/// `full-offload`, `ratio-of-sums`).
@Suite struct BaselineTests {
  static let baselines: [SolveMethod] = [
    .random, .nearest, .equal, .local, .fullOffload, .ratioOfSums,
  ]

  static func solve(_ model: ParaModel, _ method: SolveMethod, seed: UInt64 = 1) throws
    -> SolveOutcome
  {
    var options = SolveOptions()
    options.method = method
    options.seed = seed
    return try ParaSolver.solve(model, options: options)
  }

  /// Time to train all of user k's data on its own CPU at full speed, s.
  static func localTime(_ model: ParaModel, _ k: Int) -> Double {
    model.users[k].totalCycles / model.nodes[model.users[k].node].cpu
  }

  /// A seeded layered instance (users, two ground servers of capacity 2, a
  /// UAV, a satellite) in which every user has a deadline: u1's is 23 s,
  /// less than half its fastest local time (so it must offload, and the
  /// deadline binds for several baselines), the others' 110 % of theirs.
  static func deadlined(seed: UInt64) -> ParaModel {
    var model = Fixtures.layered(seed: seed, users: 3, grounds: 2)
    for k in model.users.indices {
      model.users[k].deadline = k == 0 ? 23 : 1.1 * localTime(model, k)
    }
    return model
  }

  /// The model's F at an outcome's allocation, recomputed from scratch.
  static func recomputedObjective(_ model: ParaModel, _ outcome: SolveOutcome) -> Double {
    Evaluator(topology: Topology(model: model)).evaluate(outcome.allocation).objective
  }

  // MARK: - Every baseline

  @Test(arguments: [UInt64(1), 3])
  func everyBaselineReturnsAFeasiblePointOrAnHonestInfeasibility(seed: UInt64) throws {
    let model = Self.deadlined(seed: seed)
    for method in Self.baselines {
      let outcome = try Self.solve(model, method)
      #expect(outcome.method == method)
      if method == .local {
        // u1's deadline is shorter than its fastest local training.
        #expect(outcome.status == .infeasible)
        #expect(outcome.infeasibility.map(\.entity) == ["u1"])
        #expect(outcome.infeasibility.first?.attribute == "deadline")
        continue
      }
      #expect(
        outcome.status == .optimalStationary || outcome.status == .iterationLimit,
        "\(method.rawValue): \(outcome.infeasibility)")
      #expect(outcome.check.isFeasible, "\(method.rawValue): \(outcome.check.violations)")
      #expect(!outcome.trace.isEmpty)
      #expect(outcome.trace.last == outcome.objective)
      let recomputed = Self.recomputedObjective(model, outcome)
      #expect(abs(recomputed - outcome.objective) <= 1e-12 * recomputed)
      for (k, user) in outcome.users.enumerated() {
        #expect(user.completionTime <= model.users[k].deadline! * (1 + 1e-6))
      }
    }
  }

  /// The best-gain server g1 is slow: with it no split meets u1's 30 s for
  /// 1e11 cycles (at least 50 s with both 1 GHz CPUs); the farther g2 can.
  static func slowNearestServer() -> ParaModel {
    let nodes = [
      Fixtures.user("u1", cpu: 1e9, power: 0.2),
      Fixtures.server("g1", .ground, cpu: 1e9, power: 1, bandwidth: 1e6),
      Fixtures.server("g2", .ground, cpu: 50e9, power: 1, bandwidth: 10e6),
    ]
    return ParaModel(
      objective: .perUser, delayWeight: 1, energyWeight: 0.01, layerWeights: [1, 1, 1, 1],
      nodes: nodes, users: [Fixtures.workload(node: 0, deadline: 30)],
      links: [
        .init(from: 0, to: 1, gain: 1e-9, noiseDensity: Fixtures.noise),
        .init(from: 0, to: 2, gain: 1e-11, noiseDensity: Fixtures.noise),
      ], pins: [])
  }

  @Test func baselinesBoundToASlowServerReportInfeasibility() throws {
    let model = Self.slowNearestServer()
    for method in [SolveMethod.nearest, .fullOffload, .local] {
      let outcome = try Self.solve(model, method)
      #expect(outcome.status == .infeasible, "\(method.rawValue)")
      #expect(outcome.infeasibility.contains { $0.attribute == "deadline" }, "\(method.rawValue)")
    }
  }

  @Test func randomDrawsAgainWhenADrawIsInfeasible() throws {
    let model = Self.slowNearestServer()
    var redrawn = false
    for seed in UInt64(1)...6 {
      let outcome = try Self.solve(model, .random, seed: seed)
      #expect(outcome.check.isFeasible)
      #expect(outcome.allocation.users[0].chain == [0, 2])
      redrawn = redrawn || outcome.notes.contains { $0.contains("had no feasible point") }
    }
    #expect(redrawn)
  }

  // MARK: - random

  /// Six users that each reach three ground servers without capacity limits.
  static func manyChoices() -> ParaModel {
    let users = (1...6).map { Fixtures.user("u\($0)") }
    let servers = (1...3).map {
      Fixtures.server("g\($0)", .ground, cpu: 10e9, power: 5, bandwidth: 10e6)
    }
    var links: [ParaModel.Link] = []
    for k in 0..<6 {
      for g in 0..<3 {
        links.append(
          .init(
            from: k, to: 6 + g, gain: 1e-10 * Double(1 + (k + g) % 3), noiseDensity: Fixtures.noise)
        )
      }
    }
    return ParaModel(
      objective: .perUser, delayWeight: 1, energyWeight: 0.5, layerWeights: [1, 1, 1, 1],
      nodes: users + servers, users: (0..<6).map { Fixtures.workload(node: $0) }, links: links,
      pins: [])
  }

  @Test func randomIsFixedByItsSeed() throws {
    let model = Self.deadlined(seed: 3)
    let first = try Self.solve(model, .random, seed: 7)
    let second = try Self.solve(model, .random, seed: 7)
    #expect(first.allocation.association == second.allocation.association)
    #expect(first.objective == second.objective)
    #expect(first.check.isFeasible)
  }

  @Test func differentSeedsDrawDifferentAssociations() throws {
    let model = Self.manyChoices()
    let one = try Self.solve(model, .random, seed: 1)
    let two = try Self.solve(model, .random, seed: 2)
    #expect(one.allocation.association != two.allocation.association)
    #expect(one.check.isFeasible && two.check.isFeasible)
    // Every user attaches somewhere: not attaching is not a random choice.
    for outcome in [one, two] {
      #expect(outcome.allocation.users.allSatisfy { $0.chain.count == 2 })
    }
  }

  @Test func randomDrawsRespectCapacityAndLinks() {
    let model = Fixtures.layered(seed: 4, users: 4, grounds: 2)
    let run = ParaRun(model: model, options: SolveOptions())
    var generator = SplitMix64(seed: 11)
    for _ in 0..<50 {
      let association = run.randomAssociation(using: &generator)
      #expect(run.topology.isAdmissible(association))
    }
  }

  // MARK: - nearest

  /// u1 hears g1 twice as well as g2 but g2's receiver is four times
  /// quieter, so g2 has the better g / N0; u2 is ten times better at g1,
  /// which outweighs g2's quieter receiver.
  @Test func nearestAttachesEachUserToItsBestGainOverNoise() throws {
    let quiet = Fixtures.noise / 4
    let nodes = [
      Fixtures.user("u1"), Fixtures.user("u2"),
      Fixtures.server("g1", .ground, cpu: 10e9, power: 5, bandwidth: 5e6),
      Fixtures.server("g2", .ground, cpu: 10e9, power: 5, bandwidth: 5e6),
    ]
    let model = ParaModel(
      objective: .perUser, delayWeight: 1, energyWeight: 0.5, layerWeights: [1, 1, 1, 1],
      nodes: nodes, users: [Fixtures.workload(node: 0), Fixtures.workload(node: 1)],
      links: [
        .init(from: 0, to: 2, gain: 2e-10, noiseDensity: Fixtures.noise),
        .init(from: 0, to: 3, gain: 1e-10, noiseDensity: quiet),
        .init(from: 1, to: 2, gain: 1e-10, noiseDensity: Fixtures.noise),
        .init(from: 1, to: 3, gain: 1e-11, noiseDensity: quiet),
      ], pins: [])
    let outcome = try Self.solve(model, .nearest)
    #expect(outcome.check.isFeasible)
    #expect(outcome.allocation.users.map(\.chain) == [[0, 3], [1, 2]])
  }

  // MARK: - local

  /// One user alone: `T = W / f`, `E = kappa W f^2`, and the best f is
  /// `(w_T / (2 w_E kappa))^(1/3)` = 1e9 Hz here, clamped into
  /// `[W / deadline, F_n]` (1.25e9 Hz with an 80 s deadline).
  @Test(arguments: [(nil, 1e9), (80.0, 1.25e9)] as [(Double?, Double)])
  func localMatchesTheClosedForm(deadline: Double?, frequency: Double) throws {
    let model = ParaModel(
      objective: .perUser, delayWeight: 1, energyWeight: 5, layerWeights: [1, 1, 1, 1],
      nodes: [Fixtures.user("u1", cpu: 1.5e9)],
      users: [Fixtures.workload(node: 0, deadline: deadline)], links: [], pins: [])
    let outcome = try Self.solve(model, .local)
    let cycles = 100 * 1e9
    let updates = 8e5 * 100
    let time = cycles / frequency
    let energy = 1e-28 * cycles * frequency * frequency
    let expected = updates / (1 * time + 5 * energy)
    #expect(outcome.status == .optimalStationary)
    #expect(outcome.check.isFeasible)
    #expect(abs(outcome.allocation.users[0].frequencies[0] - frequency) <= 1e-9 * frequency)
    #expect(abs(outcome.objective - expected) <= 1e-9 * expected)
    #expect(outcome.trace == [outcome.objective])
  }

  @Test func localIsInfeasibleWhenTheLocalShareIsCapped() throws {
    var model = Fixtures.twoUsersOneServer()
    model.users[1].shareBounds[0] = ShareBound(lower: 0, upper: 0.5)
    let outcome = try Self.solve(model, .local)
    #expect(outcome.status == .infeasible)
    #expect(outcome.infeasibility.map(\.entity) == ["u2"])
    #expect(outcome.infeasibility.first?.attribute == "shareBounds")
  }

  @Test func localKeepsPinsWithNothingOffloaded() throws {
    var model = Fixtures.twoUsersOneServer()
    model.pins = [ParaModel.Attachment(from: 0, to: 2)]
    let outcome = try Self.solve(model, .local)
    #expect(outcome.check.isFeasible)
    #expect(outcome.allocation.users.map(\.chain) == [[0, 2], [1]])
    #expect(outcome.allocation.users.allSatisfy { $0.shares == [1, 0, 0, 0] })
  }

  @Test func localIsInfeasibleWhenAPinnedChainNeedsAServerShare() throws {
    var model = Fixtures.twoUsersOneServer()
    model.pins = [ParaModel.Attachment(from: 0, to: 2)]
    model.users[0].shareBounds[1] = ShareBound(lower: 0.1, upper: 1)
    let outcome = try Self.solve(model, .local)
    #expect(outcome.status == .infeasible)
    #expect(outcome.infeasibility.map(\.entity) == ["u1"])
    #expect(outcome.infeasibility.first?.attribute == "shareBounds")
  }

  // MARK: - full-offload

  @Test func fullOffloadKeepsNoLocalShare() throws {
    let outcome = try Self.solve(Self.deadlined(seed: 1), .fullOffload)
    #expect(outcome.check.isFeasible)
    for user in outcome.allocation.users {
      #expect(user.chain.count > 1)
      #expect(user.shares[0] == 0)
    }
  }

  @Test func fullOffloadKeepsTheLowerBoundWhereALocalShareIsRequired() throws {
    var model = Fixtures.twoUsersOneServer()
    model.users[0].shareBounds[0] = ShareBound(lower: 0.2, upper: 1)
    let outcome = try Self.solve(model, .fullOffload)
    #expect(outcome.check.isFeasible)
    #expect(abs(outcome.allocation.users[0].shares[0] - 0.2) <= 1e-12)
    #expect(outcome.allocation.users[1].shares[0] == 0)
    #expect(outcome.notes.contains { $0.contains("u1 20 %") })
  }

  @Test func offloadedSharesSplitEquallyOverTheServerLayers() {
    func close(_ a: [Double], _ b: [Double]) -> Bool {
      zip(a, b).allSatisfy { abs($0 - $1) <= 1e-12 }
    }
    let free = Array(repeating: ShareBound(), count: 4)
    let third = 1.0 / 3
    let all = ParaRun.offloadedShares(layers: [0, 1, 2, 3], bounds: free)
    #expect(close(all, [0, third, third, third]))
    #expect(ParaRun.offloadedShares(layers: [0], bounds: free) == [1, 0, 0, 0])
    // Upper bounds of 30 % and 40 % leave 30 % that only the user can train.
    var capped = free
    capped[1] = ShareBound(lower: 0, upper: 0.3)
    capped[3] = ShareBound(lower: 0, upper: 0.4)
    #expect(close(ParaRun.offloadedShares(layers: [0, 1, 3], bounds: capped), [0.3, 0.3, 0, 0.4]))
  }

  // MARK: - equal

  @Test(arguments: [UInt64(1), 3])
  func equalSplitsEveryBudgetEqually(seed: UInt64) throws {
    let model = Self.deadlined(seed: seed)
    let outcome = try Self.solve(model, .equal)
    #expect(outcome.check.isFeasible)
    let chains = outcome.allocation.users.map(\.chain)
    var arriving = [Int](repeating: 0, count: model.nodes.count)
    var leaving = arriving
    var computing = arriving
    for chain in chains {
      for (h, node) in chain.enumerated() {
        computing[node] += 1
        if h > 0 { arriving[node] += 1 }
        if h + 1 < chain.count { leaving[node] += 1 }
      }
    }
    func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-9 * b }
    for user in outcome.allocation.users {
      for h in user.bandwidths.indices {
        let sender = model.nodes[user.chain[h]]
        let receiver = model.nodes[user.chain[h + 1]]
        #expect(close(user.bandwidths[h], receiver.bandwidth / Double(arriving[user.chain[h + 1]])))
        #expect(close(user.powers[h], sender.power / Double(leaving[user.chain[h]])))
      }
      for node in user.chain {
        let layer = model.nodes[node].layer.rawValue
        #expect(close(user.frequencies[layer], model.nodes[node].cpu / Double(computing[node])))
      }
    }
  }

  // MARK: - ratio-of-sums

  @Test func ratioOfSumsReachesAtLeastParasRatio() throws {
    let model = Self.deadlined(seed: 1)
    let para = try Self.solve(model, .para)
    let ratio = try Self.solve(model, .ratioOfSums)
    #expect(ratio.check.isFeasible)
    let run = ParaRun(model: model, options: SolveOptions())
    let reached = run.ratioOfSums(run.block.evaluate(ratio.allocation))
    let paras = run.ratioOfSums(run.block.evaluate(para.allocation))
    let total = model.users.reduce(0) { $0 + $1.parameterVolume }
    let cost = ratio.users.reduce(0) { $0 + $1.cost }
    #expect(abs(reached - total / cost) <= 1e-12 * reached)
    #expect(reached >= paras * (1 - 1e-6))
    // It reports the model's F, the sum of ratios, at its point.
    #expect(
      abs(ratio.objective - Self.recomputedObjective(model, ratio)) <= 1e-12 * ratio.objective)
  }
}
