import SaginModel

/// The association of one layer (or one block of it) as a binary QCQP
/// (model document section 9, step 4; docs/association-sdp.md writes it out):
///
///     maximize  f(a) = sum_{n,o} c[n][o] a[n][o]
///                      + sum over coupled pairs (n,o) != (n',o'), n != n', of w a[n][o] a[n'][o']
///     s.t.      a[n][o] in {0, 1}  (a^2 = a)
///               sum_o a[n][o] = 1 for every mover n      (one option each; "no attachment" is one)
///               sum_n a[n][u] <= C_u for every upper node u with a capacity
///
/// A mover is a lower node whose attachment is decided; its options are upper
/// nodes or no attachment. `c` is the estimated value of an option with the
/// other movers where they are; a coupling `w < 0` is what two options lose
/// together by sharing the budgets of a node above them.
struct AssociationQCQP {
  struct Mover {
    /// The lower node.
    var node: Int
    /// Upper node of each option; nil is "no attachment".
    var options: [Int?]
    /// Linear coefficient `c[n][o]` of each option.
    var values: [Double]
    /// The option eliminated in the lifted form (`a = 1 - sum of the others`).
    var reference: Int
    /// The option the mover has today, if it is among the options.
    var current: Int? = nil
  }

  struct Coupling {
    /// Global option indices (`optionIndex`), of different movers.
    var first: Int
    var second: Int
    var weight: Double
  }

  var movers: [Mover]
  var couplings: [Coupling]
  /// Capacity left for the movers at each upper node that has a limit.
  var capacities: [Int: Int]

  /// Index of mover n's option o in a flat list of all options.
  var offsets: [Int] {
    var result: [Int] = []
    var total = 0
    for mover in movers {
      result.append(total)
      total += mover.options.count
    }
    return result
  }

  /// f at a choice (one option index per mover).
  func value(_ choice: [Int]) -> Double {
    let offsets = offsets
    var chosen = Set<Int>()
    var total = 0.0
    for (n, o) in choice.enumerated() {
      total += movers[n].values[o]
      chosen.insert(offsets[n] + o)
    }
    for coupling in couplings where chosen.contains(coupling.first) {
      if chosen.contains(coupling.second) { total += coupling.weight }
    }
    return total
  }

  /// Whether a choice keeps every capacity.
  func isFeasible(_ choice: [Int]) -> Bool {
    var load: [Int: Int] = [:]
    for (n, o) in choice.enumerated() {
      if let upper = movers[n].options[o] { load[upper, default: 0] += 1 }
    }
    return load.allSatisfy { upper, count in count <= capacities[upper] ?? Int.max }
  }

  /// What each mover's move in `choice` adds to f, the others as chosen:
  /// `f(choice) - f(choice with mover n back at its current option)`; 0 for
  /// a mover that stays or has no current option.
  func marginalGains(_ choice: [Int]) -> [Double] {
    marginalGains(choice, neighbours: neighbours())
  }

  /// The couplings of each option: (other option, weight).
  func neighbours() -> [Int: [(Int, Double)]] {
    var neighbours: [Int: [(Int, Double)]] = [:]
    for coupling in couplings {
      neighbours[coupling.first, default: []].append((coupling.second, coupling.weight))
      neighbours[coupling.second, default: []].append((coupling.first, coupling.weight))
    }
    return neighbours
  }

  private func marginalGains(_ choice: [Int], neighbours: [Int: [(Int, Double)]]) -> [Double] {
    let offsets = offsets
    let chosen = Set(choice.enumerated().map { offsets[$0.offset] + $0.element })
    func coupled(_ option: Int, without own: Int) -> Double {
      (neighbours[option] ?? []).reduce(0) {
        $0 + ($1.0 != own && chosen.contains($1.0) ? $1.1 : 0)
      }
    }
    return choice.enumerated().map { n, o in
      guard let current = movers[n].current, current != o else { return 0 }
      let mine = offsets[n] + o
      let old = offsets[n] + current
      return movers[n].values[o] - movers[n].values[current] + coupled(mine, without: old)
        - coupled(old, without: mine)
    }
  }

  /// `choice` with every move whose marginal gain is at most `threshold`
  /// undone (capacity permitting), smallest gain first, until every move
  /// left gains more: a rounding moves a mover between options the model
  /// cannot tell apart, and each such move only disturbs the continuous
  /// re-solve that judges the proposal.
  func withoutNegligibleMoves(_ choice: [Int], threshold: Double) -> [Int] {
    var result = choice
    let neighbours = neighbours()
    while true {
      let gains = marginalGains(result, neighbours: neighbours)
      let candidates = result.indices
        .filter {
          movers[$0].current != nil && result[$0] != movers[$0].current && gains[$0] <= threshold
        }
        .sorted { gains[$0] < gains[$1] }
      var undone = false
      for n in candidates {
        var reverted = result
        reverted[n] = movers[n].current ?? result[n]
        if isFeasible(reverted) {
          result = reverted
          undone = true
          break
        }
      }
      if !undone { return result }
    }
  }

  // MARK: - Lifting

  /// The SDP relaxation and how to read it back.
  struct Lifted {
    var program: SemidefiniteProgram
    /// Global option index of each lifted variable z_p (row/column p + 1 of Y).
    var variables: [Int]
    /// f = constant + scale * <C, Y> on rank-one Y.
    var constant: Double
    var scale: Double
  }

  /// Eliminates each mover's reference option (`a_ref = 1 - sum of the
  /// others`), which keeps the SDP strictly feasible, and lifts the remaining
  /// variables z to `Y = [1 z^T; z Z] >= 0` with
  ///
  /// - `Y[0][0] = 1`;
  /// - `Z[p][p] = z[p]` (a^2 = a);
  /// - `Z[p][q] = 0` for two options of one mover (a mover takes at most one
  ///   non-reference option; with the two rows above, PSD then implies
  ///   `sum_o z[n][o] <= 1`, so the reference option stays in [0, 1]);
  /// - `sum_n a[n][u] <= C_u`, linear in z.
  ///
  /// The objective is scaled so that its largest coefficient is 1.
  func lifted() -> Lifted {
    let offsets = offsets
    let optionCount = movers.reduce(0) { $0 + $1.options.count }
    // Each option as an affine function of z: constant term and (variable, coefficient) terms.
    var variableOf = [Int?](repeating: nil, count: optionCount)
    var variables: [Int] = []
    for (n, mover) in movers.enumerated() {
      for o in mover.options.indices where o != mover.reference {
        variableOf[offsets[n] + o] = variables.count
        variables.append(offsets[n] + o)
      }
    }
    func affine(_ option: Int, mover n: Int) -> (constant: Double, terms: [(Int, Double)]) {
      if let p = variableOf[option] { return (0, [(p, 1)]) }
      let terms = movers[n].options.indices.compactMap { o in
        variableOf[offsets[n] + o].map { ($0, -1.0) }
      }
      return (1, terms)
    }
    var moverOf = [Int](repeating: 0, count: optionCount)
    for (n, mover) in movers.enumerated() {
      for o in mover.options.indices { moverOf[offsets[n] + o] = n }
    }

    var constant = 0.0
    var linear = [Double](repeating: 0, count: variables.count)
    var quadratic: [Int: Double] = [:]  // key p * count + q, p > q: weight of z_p z_q
    let count = variables.count
    for (n, mover) in movers.enumerated() {
      for o in mover.options.indices {
        let (c0, terms) = affine(offsets[n] + o, mover: n)
        constant += mover.values[o] * c0
        for (p, coefficient) in terms { linear[p] += mover.values[o] * coefficient }
      }
    }
    for coupling in couplings {
      let a = affine(coupling.first, mover: moverOf[coupling.first])
      let b = affine(coupling.second, mover: moverOf[coupling.second])
      let w = coupling.weight
      constant += w * a.constant * b.constant
      for (p, coefficient) in b.terms { linear[p] += w * a.constant * coefficient }
      for (p, coefficient) in a.terms { linear[p] += w * b.constant * coefficient }
      for (p, cp) in a.terms {
        for (q, cq) in b.terms {
          // Options of different movers: p != q.
          quadratic[max(p, q) * count + min(p, q), default: 0] += w * cp * cq
        }
      }
    }

    let largest = max(
      linear.map(abs).max() ?? 0, quadratic.values.map(abs).max() ?? 0, 1e-300)
    let scale = largest
    typealias Entry = SemidefiniteProgram.Entry
    var program = SemidefiniteProgram(dimension: count + 1)
    for (p, coefficient) in linear.enumerated() where coefficient != 0 {
      program.objective.append(Entry(p + 1, 0, coefficient / scale / 2))
    }
    for (key, weight) in quadratic where weight != 0 {
      program.objective.append(Entry(key / count + 1, key % count + 1, weight / scale / 2))
    }
    program.constraints.append(.init(entries: [Entry(0, 0, 1)], relation: .equal, bound: 1))
    for p in 0..<count {
      program.constraints.append(
        .init(entries: [Entry(p + 1, p + 1, 1), Entry(p + 1, 0, -0.5)], relation: .equal, bound: 0))
    }
    for (n, mover) in movers.enumerated() {
      let own = mover.options.indices.compactMap { variableOf[offsets[n] + $0] }
      for (i, p) in own.enumerated() {
        for q in own[(i + 1)...] {
          program.constraints.append(
            .init(entries: [Entry(q + 1, p + 1, 1)], relation: .equal, bound: 0))
        }
      }
    }
    for (upper, capacity) in capacities.sorted(by: { $0.key < $1.key }) {
      var takers = 0
      var bound = Double(capacity)
      var entries: [Entry] = []
      for (n, mover) in movers.enumerated() {
        guard let o = mover.options.firstIndex(of: upper) else { continue }
        takers += 1
        let (c0, terms) = affine(offsets[n] + o, mover: n)
        bound -= c0
        for (p, coefficient) in terms { entries.append(Entry(p + 1, 0, coefficient / 2)) }
      }
      if takers > capacity {
        program.constraints.append(.init(entries: entries, relation: .lessOrEqual, bound: bound))
      }
    }
    return Lifted(program: program, variables: variables, constant: constant, scale: scale)
  }

  // MARK: - Reading the relaxation back

  /// Preference score of every option from lifted values z: z itself for the
  /// lifted options, `1 - sum` of the mover's others for its reference.
  func scores(_ z: [Double], lifted: Lifted) -> [[Double]] {
    let offsets = offsets
    var flat = [Double](repeating: .nan, count: movers.reduce(0) { $0 + $1.options.count })
    for (p, option) in lifted.variables.enumerated() { flat[option] = z[p] }
    return movers.enumerated().map { n, mover in
      let own = mover.options.indices.map { flat[offsets[n] + $0] }
      let others = own.enumerated().reduce(0.0) {
        $0 + ($1.offset == mover.reference ? 0 : $1.element)
      }
      return own.enumerated().map { $0.offset == mover.reference ? 1 - others : $0.element }
    }
  }

  /// Score advantage of a mover's current option in rounding.
  static let stayingBonus = 1e-3

  /// The feasible choice of largest total score: maximum-weight assignment
  /// of movers to upper nodes duplicated by capacity ("no attachment"
  /// unlimited). Nil only if no assignment keeps the capacities.
  func round(_ scores: [[Double]]) -> [Int]? {
    var slots: [Int?] = [nil]
    var slotIndex: [Int: Int] = [:]
    for mover in movers {
      for case let upper? in mover.options where slotIndex[upper] == nil {
        slotIndex[upper] = slots.count
        slots.append(upper)
      }
    }
    var weights = [[Double?]](
      repeating: [Double?](repeating: nil, count: slots.count), count: movers.count)
    // Staying wins a tie: a move needs a score `stayingBonus` higher.
    for (n, mover) in movers.enumerated() {
      for (o, upper) in mover.options.enumerated() {
        weights[n][upper.map { slotIndex[$0]! } ?? 0] =
          scores[n][o] + (o == mover.current ? Self.stayingBonus : 0)
      }
    }
    let capacityOf: [Int?] = slots.map { $0.flatMap { capacities[$0] } }
    guard let picks = CapacitatedMatching.solve(weights: weights, capacities: capacityOf) else {
      return nil
    }
    return picks.enumerated().map { n, slot in
      movers[n].options.firstIndex(of: slots[slot])!
    }
  }
}
