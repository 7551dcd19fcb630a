import CDSDP
import Foundation

/// A semidefinite program over one symmetric matrix variable Y (n x n):
///
///     maximize  <C, Y>   subject to   <A_i, Y> = b_i  or  <A_i, Y> <= b_i,   Y >= 0 (PSD).
///
/// Matrices are given sparsely by their lower triangle: an entry (row, column)
/// with row >= column and value v stands for the symmetric matrix with v at
/// (row, column) and at (column, row), so an off-diagonal entry contributes
/// `2 v Y[row][column]` to an inner product. Repeated entries add up.
struct SemidefiniteProgram {
  struct Entry {
    var row: Int
    var column: Int
    var value: Double

    init(_ row: Int, _ column: Int, _ value: Double) {
      self.row = max(row, column)
      self.column = min(row, column)
      self.value = value
    }
  }

  enum Relation {
    case equal
    case lessOrEqual
  }

  struct Constraint {
    var entries: [Entry]
    var relation: Relation
    var bound: Double
  }

  var dimension: Int
  var objective: [Entry] = []
  var constraints: [Constraint] = []

  /// `<M, Y>` for a sparse symmetric M and a dense Y (row-major, n x n).
  static func inner(_ entries: [Entry], _ y: [Double], dimension n: Int) -> Double {
    entries.reduce(0) {
      $0 + $1.value * y[$1.row * n + $1.column] * ($1.row == $1.column ? 1 : 2)
    }
  }
}

/// The answer of an SDP solve.
struct SemidefiniteSolution {
  /// `<C, Y>` at the returned Y.
  var value: Double
  /// The dual bound on the optimum: `-b^T y` of DSDP's dual (see `DSDPRunner`).
  var bound: Double
  /// Y, dense and row-major, n x n.
  var matrix: [Double]
  /// Whether DSDP reported convergence with both problems feasible.
  var converged: Bool
  var iterations: Int
}

/// Solves `SemidefiniteProgram`s with DSDP 5.8.
///
/// DSDP's primal problem is `minimize C'.X s.t. A_i.X = b_i, X >= 0` and it
/// iterates on the dual `maximize b^T y s.t. C' - sum y_i A_i >= 0`. A
/// maximization maps to the primal with `C' = -C`, so the optimum is
/// `-(primal optimum)` and `-(dual objective)` bounds it from above. An
/// inequality row gets a non-negative slack in DSDP's LP cone (column `i` of
/// the LP data, coefficient 1, cost 0): `<A_i, X> + s = b_i`.
///
/// DSDP keeps the data pointers it is given until it is destroyed, so every
/// array handed to it lives in buffers that are freed after `DSDPDestroy`.
/// DSDP is not known to be thread-safe (parallel solves gave wrong answers in
/// a trial), so every solve in the process takes one lock.
enum DSDPRunner {
  private static let lock = NSLock()

  /// DSDP's dense linear algebra goes through BLAS; OpenBLAS worker threads
  /// spin on a machine with few cores, so one thread is requested once, if
  /// the BLAS in the process has the call.
  private static let oneBLASThread: Void = {
    typealias SetThreads = @convention(c) (Int32) -> Void
    if let symbol = dlsym(dlopen(nil, RTLD_NOW), "openblas_set_num_threads") {
      unsafeBitCast(symbol, to: SetThreads.self)(1)
    }
  }()

  /// Relative duality gap at which DSDP stops.
  static let gapTolerance = 1e-6
  static let iterationLimit = 200

  static func solve(_ program: SemidefiniteProgram) -> SemidefiniteSolution? {
    let n = program.dimension
    let m = program.constraints.count
    guard n > 0, m > 0 else { return nil }
    lock.lock()
    defer { lock.unlock() }
    _ = oneBLASThread

    // Packed storage: entry (i, j), i >= j, at i (i + 1) / 2 + j.
    func packed(_ entries: [SemidefiniteProgram.Entry], sign: Double) -> [(Int32, Double)] {
      var merged: [Int: Double] = [:]
      for entry in entries where entry.value != 0 {
        merged[entry.row * (entry.row + 1) / 2 + entry.column, default: 0] += sign * entry.value
      }
      return merged.sorted { $0.key < $1.key }.map { (Int32($0.key), $0.value) }
    }
    let matrices =
      [packed(program.objective, sign: -1)]
      + program.constraints.map {
        packed($0.entries, sign: 1)
      }
    let total = matrices.reduce(0) { $0 + $1.count }
    let indices = UnsafeMutablePointer<Int32>.allocate(capacity: max(total, 1))
    let values = UnsafeMutablePointer<Double>.allocate(capacity: max(total, 1))
    let slackRows = program.constraints.indices.filter {
      program.constraints[$0].relation == .lessOrEqual
    }
    // LP data by columns 0...m (column 0 is the LP cost, zero here): the
    // column of constraint i holds a 1 in the row of its slack.
    let lpStarts = UnsafeMutablePointer<Int32>.allocate(capacity: m + 2)
    let lpRows = UnsafeMutablePointer<Int32>.allocate(capacity: max(slackRows.count, 1))
    let lpValues = UnsafeMutablePointer<Double>.allocate(capacity: max(slackRows.count, 1))
    // Freed after DSDPDestroy (defers run last first).
    defer {
      indices.deallocate()
      values.deallocate()
      lpStarts.deallocate()
      lpRows.deallocate()
      lpValues.deallocate()
    }

    var solver: DSDP?
    guard DSDPCreate(Int32(m), &solver) == 0, let solver else { return nil }
    defer { DSDPDestroy(solver) }
    var cone: SDPCone?
    guard DSDPCreateSDPCone(solver, 1, &cone) == 0, let cone else { return nil }
    guard SDPConeSetBlockSize(cone, 0, Int32(n)) == 0 else { return nil }

    var offset = 0
    for (k, matrix) in matrices.enumerated() {
      for (j, (index, value)) in matrix.enumerated() {
        indices[offset + j] = index
        values[offset + j] = value
      }
      if !matrix.isEmpty {
        let status = SDPConeSetASparseVecMat(
          cone, 0, Int32(k), Int32(n), 1.0, 0, indices + offset, values + offset,
          Int32(matrix.count))
        guard status == 0 else { return nil }
      }
      offset += matrix.count
      if k > 0 { DSDPSetDualObjective(solver, Int32(k), program.constraints[k - 1].bound) }
    }

    if !slackRows.isEmpty {
      var lp: LPCone?
      guard DSDPCreateLPCone(solver, &lp) == 0, let lp else { return nil }
      lpStarts[0] = 0
      lpStarts[1] = 0
      var slackOfRow = [Int?](repeating: nil, count: m)
      for (slack, row) in slackRows.enumerated() { slackOfRow[row] = slack }
      var count: Int32 = 0
      for i in 0..<m {
        if let slack = slackOfRow[i] {
          lpRows[Int(count)] = Int32(slack)
          lpValues[Int(count)] = 1
          count += 1
        }
        lpStarts[i + 2] = count
      }
      guard LPConeSetData(lp, Int32(slackRows.count), lpStarts, lpRows, lpValues) == 0 else {
        return nil
      }
    }

    DSDPSetGapTolerance(solver, gapTolerance)
    DSDPSetMaxIts(solver, Int32(iterationLimit))
    guard DSDPSetup(solver) == 0, DSDPSolve(solver) == 0, DSDPComputeX(solver) == 0 else {
      return nil
    }
    var reason = CONTINUE_ITERATING
    DSDPStopReason(solver, &reason)
    var kind = DSDP_PDUNKNOWN
    DSDPGetSolutionType(solver, &kind)
    var dual = 0.0
    DSDPGetDDObjective(solver, &dual)
    var iterations: Int32 = 0
    DSDPGetIts(solver, &iterations)

    var packedX: UnsafeMutablePointer<Double>?
    var length: Int32 = 0
    guard SDPConeGetXArray(cone, 0, &packedX, &length) == 0, let packedX,
      Int(length) >= n * (n + 1) / 2
    else { return nil }
    var y = [Double](repeating: 0, count: n * n)
    for i in 0..<n {
      for j in 0...i {
        let value = packedX[i * (i + 1) / 2 + j]
        y[i * n + j] = value
        y[j * n + i] = value
      }
    }
    let value = SemidefiniteProgram.inner(program.objective, y, dimension: n)
    guard value.isFinite else { return nil }
    return SemidefiniteSolution(
      value: value, bound: -dual, matrix: y,
      converged: reason == DSDP_CONVERGED && kind == DSDP_PDFEASIBLE,
      iterations: Int(iterations))
  }
}
