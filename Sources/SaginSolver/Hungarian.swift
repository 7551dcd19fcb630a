/// Maximum-weight assignment of lower nodes (rows) to slots (upper nodes, or
/// "no attachment") where slot s takes at most `capacity[s]` rows: the
/// rounding step of the PARA association block (model document section 9,
/// step 4).
///
/// The Hungarian method (Kuhn-Munkres with row and column potentials, the
/// O(n^2 m) shortest-augmenting-path form for n rows and m >= n columns) runs
/// on a matrix whose columns are the slots duplicated by capacity; an
/// unlimited slot is duplicated once per row that may take it. A forbidden
/// pair has no entry. When the duplicated matrix is large, the same problem
/// goes to the min-cost flow of `CapacitatedAssignment`, which needs no
/// duplication (see `hungarianWorkLimit`).
enum CapacitatedMatching {
  /// Largest `rows^2 * columns` (duplicated columns) solved by the Hungarian
  /// method; above it min-cost flow, which needs no duplication. A block of
  /// 50 users with up to three options each (50^2 * 150) stays far below it.
  static let hungarianWorkLimit = 20_000_000

  /// Slot of every row maximizing the total weight, or nil when no
  /// assignment places every row. `weights[row][slot]` is nil when forbidden;
  /// `capacities[slot]` nil means unlimited.
  static func solve(weights: [[Double?]], capacities: [Int?]) -> [Int]? {
    let rows = weights.count
    guard rows > 0 else { return [] }
    let columns = duplicatedColumns(weights: weights, capacities: capacities)
    if rows * rows * columns.count <= hungarianWorkLimit {
      return hungarian(weights: weights, columns: columns)
    }
    return flow(weights: weights, capacities: capacities)
  }

  /// The slot of each duplicated column: slot s appears
  /// `min(capacity, rows that may take s)` times.
  static func duplicatedColumns(weights: [[Double?]], capacities: [Int?]) -> [Int] {
    var columns: [Int] = []
    for (slot, capacity) in capacities.enumerated() {
      let takers = weights.reduce(0) { $0 + ($1[slot] == nil ? 0 : 1) }
      columns += Array(repeating: slot, count: min(capacity ?? takers, takers))
    }
    return columns
  }

  /// The Hungarian method on the duplicated matrix, minimizing `-weight`.
  static func hungarian(weights: [[Double?]], columns: [Int]) -> [Int]? {
    let n = weights.count
    let m = columns.count
    guard m >= n else { return nil }
    // 1-based rows and columns; index 0 is the virtual start of each search.
    func cost(_ row: Int, _ column: Int) -> Double {
      weights[row - 1][columns[column - 1]].map { -$0 } ?? .infinity
    }
    var rowPotential = [Double](repeating: 0, count: n + 1)
    var columnPotential = [Double](repeating: 0, count: m + 1)
    // rowOf[j]: row matched to column j (0 when free).
    var rowOf = [Int](repeating: 0, count: m + 1)
    var previous = [Int](repeating: 0, count: m + 1)
    for row in 1...n {
      rowOf[0] = row
      var column = 0
      var slack = [Double](repeating: .infinity, count: m + 1)
      var visited = [Bool](repeating: false, count: m + 1)
      repeat {
        visited[column] = true
        let current = rowOf[column]
        var delta = Double.infinity
        var next = 0
        for j in 1...m where !visited[j] {
          let reduced = cost(current, j) - rowPotential[current] - columnPotential[j]
          if reduced < slack[j] {
            slack[j] = reduced
            previous[j] = column
          }
          if slack[j] < delta {
            delta = slack[j]
            next = j
          }
        }
        // No column reachable: this row cannot be placed.
        guard delta.isFinite else { return nil }
        for j in 0...m {
          if visited[j] {
            rowPotential[rowOf[j]] += delta
            columnPotential[j] -= delta
          } else {
            slack[j] -= delta
          }
        }
        column = next
      } while rowOf[column] != 0
      // Flip the alternating path back to the start.
      repeat {
        let back = previous[column]
        rowOf[column] = rowOf[back]
        column = back
      } while column != 0
    }
    var slotOf = [Int](repeating: -1, count: n)
    for j in 1...m where rowOf[j] != 0 { slotOf[rowOf[j] - 1] = columns[j - 1] }
    return slotOf.contains(-1) ? nil : slotOf
  }

  /// The same problem as min-cost flow (no duplication).
  static func flow(weights: [[Double?]], capacities: [Int?]) -> [Int]? {
    let items = weights.map { row in
      row.enumerated().compactMap { slot, weight in
        weight.map { CapacitatedAssignment.Option(slot: slot, weight: $0) }
      }
    }
    let picks = CapacitatedAssignment.solve(
      items: items, capacities: capacities.map { $0 ?? weights.count })
    return picks.map { zip(items, $0).map { $0.0[$0.1].slot! } }
  }
}
