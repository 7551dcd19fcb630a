import SaginModel

/// Continuous decisions that a baseline keeps at their current values while
/// the rest of the continuous block moves.
enum HeldDecisions {
  /// Nothing held: the full PARA continuous block.
  case nothing
  /// Bandwidth, power and CPU frequency held (`equal`): only the shares and
  /// the epigraph T move.
  case resources
  /// Shares held (`full-offload`): only the resources and T move.
  case shares
}

/// The continuous NLP with some of its variables fixed.
///
/// Design note. The held variables get equal lower and upper bounds, so
/// Ipopt treats them as parameters and the problem keeps the structure,
/// derivatives and scaling of `ContinuousProblem`, which it forwards to. A
/// row all of whose columns are held (a budget row when the resources are
/// held, a simplex row when the shares are) is constant; it is made free,
/// because a constant equality row would leave Ipopt a singular Jacobian.
/// Such rows hold at the start by construction and cannot change.
final class HeldProblem: NonlinearProgram {
  let inner: ContinuousProblem
  let variableLower: [Double]
  let variableUpper: [Double]
  let constraintLower: [Double]
  let constraintUpper: [Double]

  init(_ inner: ContinuousProblem, holding held: HeldDecisions, at values: [Double]) {
    self.inner = inner
    var lower = inner.variableLower
    var upper = inner.variableUpper
    var isHeld = [Bool](repeating: false, count: inner.variableCount)
    for column in Self.columns(held, in: inner) {
      lower[column] = values[column]
      upper[column] = values[column]
      isHeld[column] = true
    }
    var isConstant = [Bool](repeating: true, count: inner.constraintLower.count)
    for entry in inner.jacobianStructure where !isHeld[entry.column] {
      isConstant[entry.row] = false
    }
    var gLower = inner.constraintLower
    var gUpper = inner.constraintUpper
    for row in gLower.indices where isConstant[row] {
      gLower[row] = -ContinuousProblem.infinity
      gUpper[row] = ContinuousProblem.infinity
    }
    variableLower = lower
    variableUpper = upper
    constraintLower = gLower
    constraintUpper = gUpper
  }

  /// The variables of the held decisions.
  static func columns(_ held: HeldDecisions, in problem: ContinuousProblem) -> [Int] {
    var columns: [Int] = []
    for block in problem.blocks {
      switch held {
      case .nothing:
        break
      case .shares:
        columns += block.chain.indices.map { block.share($0) }
      case .resources:
        columns += (0..<block.hopCount).flatMap { [block.bandwidth($0), block.power($0)] }
        columns += block.chain.indices.map { block.frequency($0) }
      }
    }
    return columns
  }

  var variableCount: Int { inner.variableCount }
  var jacobianStructure: [(row: Int, column: Int)] { inner.jacobianStructure }
  var hessianStructure: [(row: Int, column: Int)] { inner.hessianStructure }

  func objective(_ v: UnsafeBufferPointer<Double>) -> Double? { inner.objective(v) }

  func objectiveGradient(
    _ v: UnsafeBufferPointer<Double>, into gradient: UnsafeMutableBufferPointer<Double>
  ) -> Bool {
    inner.objectiveGradient(v, into: gradient)
  }

  func constraints(_ v: UnsafeBufferPointer<Double>, into g: UnsafeMutableBufferPointer<Double>)
    -> Bool
  {
    inner.constraints(v, into: g)
  }

  func jacobian(_ v: UnsafeBufferPointer<Double>, into values: UnsafeMutableBufferPointer<Double>)
    -> Bool
  {
    inner.jacobian(v, into: values)
  }

  func hessian(
    _ v: UnsafeBufferPointer<Double>, objectiveFactor: Double,
    multipliers: UnsafeBufferPointer<Double>, into values: UnsafeMutableBufferPointer<Double>
  ) -> Bool {
    inner.hessian(v, objectiveFactor: objectiveFactor, multipliers: multipliers, into: values)
  }
}

extension ContinuousBlock {
  /// One FP surrogate solve from `point` (as `improve`), with `held` kept as they are.
  func improve(_ point: Point, holding held: HeldDecisions) -> Point? {
    if case .nothing = held { return improve(point) }
    let mode: ContinuousProblem.Mode
    let scale = max(point.objective, 1e-300)
    switch evaluator.model.objective {
    case .perUser: mode = .surrogate(weights: fractionalWeights(point), scale: scale)
    case .perNode: mode = .nodeSurrogate(nodeObjective(point, scale: scale))
    }
    return solve(point, mode: mode, holding: held)
  }

  /// One solve of the continuous NLP in `mode` from `point`, with `held` kept
  /// as they are; nil when Ipopt gave nothing usable.
  func solve(_ point: Point, mode: ContinuousProblem.Mode, holding held: HeldDecisions) -> Point? {
    let problem = ContinuousProblem(
      evaluator: evaluator, association: point.allocation.association,
      timeScales: completionScales(point), mode: mode)
    let start = pack(point, into: problem)
    let run = IpoptRunner.solve(
      HeldProblem(problem, holding: held, at: start), start: start, options: options)
    guard run.outcome.hasUsablePoint else { return nil }
    return evaluate(unpack(run.point, from: problem, template: point.allocation))
  }

  /// The feasibility phase (as `minimizeViolation`) with `held` kept as they are.
  func minimizeViolation(
    _ point: Point, holding held: HeldDecisions
  ) -> (point: Point?, violated: [RelaxedConstraint], total: Double) {
    let problem = ContinuousProblem(
      evaluator: evaluator, association: point.allocation.association,
      timeScales: completionScales(point), mode: .feasibility)
    var start = pack(point, into: problem)
    for slack in problem.slacks { start[slack.variable] = 1 }
    let run = IpoptRunner.solve(
      HeldProblem(problem, holding: held, at: start), start: start, options: options)
    let violated = problem.slacks.filter { run.point[$0.variable] > 1e-7 }.map(\.constraint)
    let total = problem.slacks.reduce(0.0) { $0 + run.point[$1.variable] }
    guard run.outcome.hasUsablePoint || run.outcome == .infeasible else {
      return (nil, violated, .infinity)
    }
    return (evaluate(unpack(run.point, from: problem, template: point.allocation)), violated, total)
  }

  /// Current completion times, the scales of the epigraph variables.
  func completionScales(_ point: Point) -> [Double] {
    point.users.map { user in
      let t = user.completionTime
      return t.isFinite && t > 0 ? t : 1
    }
  }
}
