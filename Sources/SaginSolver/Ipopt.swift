import CIpopt
import Foundation

/// A smooth nonlinear program in Ipopt's form:
/// minimize f(v) subject to `gLower <= g(v) <= gUpper`, `lower <= v <= upper`,
/// with sparse first and second derivatives given by fixed structures.
protocol NonlinearProgram: AnyObject {
  var variableCount: Int { get }
  var variableLower: [Double] { get }
  var variableUpper: [Double] { get }
  var constraintLower: [Double] { get }
  var constraintUpper: [Double] { get }
  /// Row and column of every Jacobian non-zero, in the order `jacobian` fills.
  var jacobianStructure: [(row: Int, column: Int)] { get }
  /// Lower-triangle (row >= column) entries of the Lagrangian Hessian.
  var hessianStructure: [(row: Int, column: Int)] { get }

  func objective(_ v: UnsafeBufferPointer<Double>) -> Double?
  func objectiveGradient(
    _ v: UnsafeBufferPointer<Double>, into gradient: UnsafeMutableBufferPointer<Double>
  ) -> Bool
  func constraints(_ v: UnsafeBufferPointer<Double>, into g: UnsafeMutableBufferPointer<Double>)
    -> Bool
  func jacobian(_ v: UnsafeBufferPointer<Double>, into values: UnsafeMutableBufferPointer<Double>)
    -> Bool
  /// `objectiveFactor * Hess f + sum multipliers[k] * Hess g_k`, lower triangle.
  func hessian(
    _ v: UnsafeBufferPointer<Double>, objectiveFactor: Double,
    multipliers: UnsafeBufferPointer<Double>, into values: UnsafeMutableBufferPointer<Double>
  ) -> Bool
}

/// How an Ipopt run ended, reduced to what the PARA loop acts on.
enum NonlinearOutcome: Equatable {
  case solved
  case acceptable
  case iterationLimit
  case infeasible
  case failed(Int32)

  /// Whether the returned point is worth checking and possibly accepting.
  var hasUsablePoint: Bool {
    switch self {
    case .solved, .acceptable, .iterationLimit: return true
    case .infeasible, .failed: return false
    }
  }
}

/// Options for one Ipopt run.
struct NonlinearOptions {
  var tolerance = 1e-7
  var constraintTolerance = 1e-9
  var maxIterations = 200
  /// Start from a point that is already near a solution: a small initial
  /// barrier parameter and bound push keep Ipopt from moving far away from
  /// it first (with the default barrier start, re-solves at 1,000 users took
  /// ten times longer).
  var isWarmStart = false
  var verbose = ProcessInfo.processInfo.environment["SAGIN_IPOPT_VERBOSE"] != nil
}

/// Runs Ipopt through its C interface.
///
/// Ipopt (and MUMPS underneath it) is not thread-safe, so every solve in the
/// process takes one lock. Ipopt reads `./ipopt.opt` from the working
/// directory unless told otherwise; the option file name is set empty so a
/// stray file can never change a result.
enum IpoptRunner {
  private static let lock = NSLock()

  /// MUMPS calls BLAS on small dense fronts; OpenBLAS's worker threads then
  /// spin in `sched_yield` and slowed a 1,000-user solve several times over
  /// on two cores. One BLAS thread is set once, through `dlsym` so that a
  /// BLAS without the call still works.
  private static let singleThreadedBLAS: Void = {
    typealias SetThreads = @convention(c) (Int32) -> Void
    let handle = dlopen(nil, RTLD_NOW)
    if let symbol = dlsym(handle, "openblas_set_num_threads") {
      unsafeBitCast(symbol, to: SetThreads.self)(1)
    }
  }()

  static func solve(
    _ problem: NonlinearProgram, start: [Double], options: NonlinearOptions = NonlinearOptions()
  ) -> (outcome: NonlinearOutcome, point: [Double], objective: Double) {
    lock.lock()
    defer { lock.unlock() }
    _ = singleThreadedBLAS

    let n = problem.variableCount
    let m = problem.constraintLower.count
    var lower = problem.variableLower
    var upper = problem.variableUpper
    var gLower = problem.constraintLower
    var gUpper = problem.constraintUpper
    let jacobianCount = problem.jacobianStructure.count
    let hessianCount = problem.hessianStructure.count

    guard
      let handle = CreateIpoptProblem(
        IpoptIndex(n), &lower, &upper, IpoptIndex(m), &gLower, &gUpper,
        IpoptIndex(jacobianCount), IpoptIndex(hessianCount), 0,
        evaluateObjective, evaluateConstraints, evaluateGradient, evaluateJacobian, evaluateHessian)
    else {
      return (.failed(-11), start, .nan)
    }
    defer { FreeIpoptProblem(handle) }

    setOption(handle, "option_file_name", "")
    setOption(handle, "sb", "yes")
    setOption(handle, "print_level", options.verbose ? 5 : 0)
    setOption(handle, "tol", options.tolerance)
    setOption(handle, "constr_viol_tol", options.constraintTolerance)
    setOption(handle, "max_iter", options.maxIterations)
    if options.isWarmStart {
      setOption(handle, "mu_strategy", "monotone")
      setOption(handle, "mu_init", 1e-3)
      setOption(handle, "bound_push", 1e-6)
      setOption(handle, "bound_frac", 1e-6)
    } else {
      setOption(handle, "mu_strategy", "adaptive")
    }
    setOption(handle, "acceptable_tol", 1e-5)
    setOption(handle, "acceptable_iter", 8)
    setOption(handle, "bound_relax_factor", 0.0)
    setOption(handle, "honor_original_bounds", "yes")
    // AMD ordering: MUMPS's automatic choice factored the KKT systems of a
    // 1,000-user problem about 20 times slower (dense fronts from the budget
    // rows that span many users).
    setOption(handle, "mumps_pivot_order", 0)

    var point = start
    var objective = 0.0
    let box = Unmanaged.passRetained(
      ProblemBox(problem, tolerance: options.constraintTolerance))
    defer { box.release() }
    let status = IpoptSolve(handle, &point, nil, &objective, nil, nil, nil, box.toOpaque())

    let outcome: NonlinearOutcome
    switch status {
    case Solve_Succeeded: outcome = .solved
    case Solved_To_Acceptable_Level, Feasible_Point_Found: outcome = .acceptable
    case Maximum_Iterations_Exceeded, Maximum_CpuTime_Exceeded, Search_Direction_Becomes_Too_Small:
      outcome = .iterationLimit
    case Infeasible_Problem_Detected: outcome = .infeasible
    default: outcome = .failed(status.rawValue)
    }
    if outcome != .solved, outcome != .acceptable, outcome != .infeasible,
      let best = box.takeUnretainedValue().bestFeasible
    {
      // The best feasible point Ipopt passed through; the caller re-checks it.
      return (.iterationLimit, best.point, best.objective)
    }
    return (outcome, point, objective)
  }

  private static func setOption(_ handle: IpoptProblem, _ name: String, _ value: String) {
    name.withCString { key in
      value.withCString { text in
        _ = AddIpoptStrOption(
          handle, UnsafeMutablePointer(mutating: key), UnsafeMutablePointer(mutating: text))
      }
    }
  }

  private static func setOption(_ handle: IpoptProblem, _ name: String, _ value: Double) {
    name.withCString { key in
      _ = AddIpoptNumOption(handle, UnsafeMutablePointer(mutating: key), value)
    }
  }

  private static func setOption(_ handle: IpoptProblem, _ name: String, _ value: Int) {
    name.withCString { key in
      _ = AddIpoptIntOption(handle, UnsafeMutablePointer(mutating: key), IpoptInt(value))
    }
  }
}

/// Carries the Swift problem through Ipopt's user-data pointer, and keeps
/// the best feasible point Ipopt evaluated: when Ipopt stops at its
/// iteration limit its last iterate may violate a constraint (seen under a
/// binding deadline, where the iterates oscillated across it), while an
/// earlier trial point was feasible and better than the start.
private final class ProblemBox {
  let problem: NonlinearProgram
  private let lower: [Double]
  private let upper: [Double]
  private let constraintLower: [Double]
  private let constraintUpper: [Double]
  private let tolerance: Double
  private(set) var bestFeasible: (point: [Double], objective: Double)?

  init(_ problem: NonlinearProgram, tolerance: Double) {
    self.problem = problem
    lower = problem.variableLower
    upper = problem.variableUpper
    constraintLower = problem.constraintLower
    constraintUpper = problem.constraintUpper
    self.tolerance = tolerance
  }

  /// Records `x` when it satisfies every bound and constraint within the
  /// tolerance and has the lowest objective so far.
  func consider(_ x: UnsafeBufferPointer<Double>, constraints g: UnsafeBufferPointer<Double>) {
    for k in 0..<x.count where x[k] < lower[k] - tolerance || x[k] > upper[k] + tolerance {
      return
    }
    for k in 0..<g.count
    where g[k] < constraintLower[k] - tolerance || g[k] > constraintUpper[k] + tolerance {
      return
    }
    guard let f = problem.objective(x), f.isFinite else { return }
    if let best = bestFeasible, best.objective <= f { return }
    bestFeasible = (Array(x), f)
  }
}

private func unbox(_ data: UnsafeMutableRawPointer?) -> NonlinearProgram? {
  guard let data else { return nil }
  return Unmanaged<ProblemBox>.fromOpaque(data).takeUnretainedValue().problem
}

private func evaluateObjective(
  n: IpoptIndex, x: UnsafeMutablePointer<Double>?, newX: IpoptBool,
  value: UnsafeMutablePointer<Double>?, data: UnsafeMutableRawPointer?
) -> IpoptBool {
  guard let problem = unbox(data), let x, let value else { return 0 }
  guard let f = problem.objective(UnsafeBufferPointer(start: x, count: Int(n))), f.isFinite else {
    return 0
  }
  value.pointee = f
  return 1
}

private func evaluateGradient(
  n: IpoptIndex, x: UnsafeMutablePointer<Double>?, newX: IpoptBool,
  gradient: UnsafeMutablePointer<Double>?, data: UnsafeMutableRawPointer?
) -> IpoptBool {
  guard let problem = unbox(data), let x, let gradient else { return 0 }
  let ok = problem.objectiveGradient(
    UnsafeBufferPointer(start: x, count: Int(n)),
    into: UnsafeMutableBufferPointer(start: gradient, count: Int(n)))
  return ok ? 1 : 0
}

private func evaluateConstraints(
  n: IpoptIndex, x: UnsafeMutablePointer<Double>?, newX: IpoptBool, m: IpoptIndex,
  g: UnsafeMutablePointer<Double>?, data: UnsafeMutableRawPointer?
) -> IpoptBool {
  guard let problem = unbox(data), let x else { return 0 }
  if m == 0 { return 1 }
  guard let g else { return 0 }
  let ok = problem.constraints(
    UnsafeBufferPointer(start: x, count: Int(n)),
    into: UnsafeMutableBufferPointer(start: g, count: Int(m)))
  if ok, let data {
    Unmanaged<ProblemBox>.fromOpaque(data).takeUnretainedValue().consider(
      UnsafeBufferPointer(start: x, count: Int(n)),
      constraints: UnsafeBufferPointer(start: g, count: Int(m)))
  }
  return ok ? 1 : 0
}

private func evaluateJacobian(
  n: IpoptIndex, x: UnsafeMutablePointer<Double>?, newX: IpoptBool, m: IpoptIndex,
  count: IpoptIndex, rows: UnsafeMutablePointer<IpoptIndex>?,
  columns: UnsafeMutablePointer<IpoptIndex>?,
  values: UnsafeMutablePointer<Double>?, data: UnsafeMutableRawPointer?
) -> IpoptBool {
  guard let problem = unbox(data) else { return 0 }
  if let values {
    guard let x else { return 0 }
    let ok = problem.jacobian(
      UnsafeBufferPointer(start: x, count: Int(n)),
      into: UnsafeMutableBufferPointer(start: values, count: Int(count)))
    return ok ? 1 : 0
  }
  return fillStructure(problem.jacobianStructure, rows: rows, columns: columns)
}

private func evaluateHessian(
  n: IpoptIndex, x: UnsafeMutablePointer<Double>?, newX: IpoptBool, objectiveFactor: Double,
  m: IpoptIndex, multipliers: UnsafeMutablePointer<Double>?, newMultipliers: IpoptBool,
  count: IpoptIndex, rows: UnsafeMutablePointer<IpoptIndex>?,
  columns: UnsafeMutablePointer<IpoptIndex>?,
  values: UnsafeMutablePointer<Double>?, data: UnsafeMutableRawPointer?
) -> IpoptBool {
  guard let problem = unbox(data) else { return 0 }
  if let values {
    guard let x else { return 0 }
    let ok = problem.hessian(
      UnsafeBufferPointer(start: x, count: Int(n)), objectiveFactor: objectiveFactor,
      multipliers: UnsafeBufferPointer(start: multipliers, count: Int(m)),
      into: UnsafeMutableBufferPointer(start: values, count: Int(count)))
    return ok ? 1 : 0
  }
  return fillStructure(problem.hessianStructure, rows: rows, columns: columns)
}

/// Answers Ipopt's structure query: the row and column of every non-zero.
private func fillStructure(
  _ structure: [(row: Int, column: Int)], rows: UnsafeMutablePointer<IpoptIndex>?,
  columns: UnsafeMutablePointer<IpoptIndex>?
) -> IpoptBool {
  guard let rows, let columns else { return 0 }
  for (k, entry) in structure.enumerated() {
    rows[k] = IpoptIndex(entry.row)
    columns[k] = IpoptIndex(entry.column)
  }
  return 1
}
