import SaginModel

/// How a solve ended (model document section 11).
public enum SolveStatus: String, Sendable {
  case optimalStationary = "optimal-stationary"
  case iterationLimit = "iteration-limit"
  case infeasible
  case numericalFailure = "numerical-failure"
}

/// Solution methods available to `solve`: PARA, and the comparison methods of
/// section 10 (the baselines are documented where they are implemented).
public enum SolveMethod: String, CaseIterable, Sendable {
  /// PARA with the association step of section 9: QCQP, SDP relaxation, Hungarian rounding.
  case para
  /// PARA with a capacitated matching on estimated values in the association step (no SDP).
  case paraMatching = "para-matching"
  case exhaustive
  /// Seeded random reachable association, then PARA's continuous blocks.
  case random
  /// Best-gain association, then PARA's continuous blocks.
  case nearest
  /// PARA's association and shares; every budget split equally, at full power.
  case equal
  /// Everything trained locally, each user's CPU at its optimal frequency.
  case local
  /// Best-gain association, no local share, PARA's resource block.
  case fullOffload = "full-offload"
  /// PARA's search maximizing one ratio, sum Q / sum C (Dinkelbach).
  case ratioOfSums = "ratio-of-sums"
}

/// Settings of one solve.
public struct SolveOptions: Sendable {
  public var method: SolveMethod = .para
  /// Stop when the relative gain of F in an iteration is below this.
  public var tolerance: Double = 1e-4
  public var maxIterations: Int = 30
  public var seed: UInt64 = 1
  /// Gaussian randomization in `para`'s association step: besides the
  /// relaxation's own scores, this many samples from it are rounded and the
  /// best kept (drawn with `seed`).
  public var randomizationSamples: Int = 0
  /// Most lower nodes in one association SDP in `para`; a layer with more is
  /// solved in blocks of at most this many (docs/association-sdp.md).
  public var associationBlockSize: Int = 50
  /// Largest number of associations `exhaustive` will enumerate.
  public var exhaustiveLimit: Int = 5_000
  /// Receives progress lines (for `--verbose`), nil for silence.
  public var progress: (@Sendable (String) -> Void)? = nil
  /// A point to start from instead of the greedy start, e.g. the last
  /// solution of the same model after a small edit. Used when it fits the
  /// model (same nodes, admissible, feasible after fitting to the budgets).
  public var warmStart: Allocation? = nil
  /// Polled between solver steps; true stops the solve, which then returns
  /// the last accepted (feasible) point.
  public var shouldStop: (@Sendable () -> Bool)? = nil

  public init() {}
}

/// A solved (or diagnosed) scenario.
public struct SolveOutcome: Sendable {
  public var status: SolveStatus
  public var method: SolveMethod
  public var objective: Double
  /// F at the start, then after each iteration; never decreasing, except for
  /// `ratio-of-sums`, which maximizes another value.
  public var trace: [Double]
  public var iterations: Int
  public var seconds: Double
  public var allocation: Allocation
  public var users: [UserFigures]
  public var nodes: [NodeFigures]
  public var check: FeasibilityReport
  /// For an infeasible scenario: the constraints that stay violated.
  public var infeasibility: [InfeasibilityReason]
  /// Notes about the solve worth telling the user (e.g. why a method stopped).
  public var notes: [String]
}

/// One reason a scenario is infeasible, naming the entity and the scenario
/// attribute (as a `Scenario` field name) behind it, so a front end can point
/// at the source.
public struct InfeasibilityReason: Sendable, Equatable, CustomStringConvertible {
  public var entity: String
  public var attribute: String?
  public var message: String
  public var hint: String?

  public init(entity: String, attribute: String?, message: String, hint: String? = nil) {
    self.entity = entity
    self.attribute = attribute
    self.message = message
    self.hint = hint
  }

  public var description: String { message }
}

/// Why a solve could not start.
public enum SolveError: Error, CustomStringConvertible, Sendable {
  case tooLargeForExhaustive(limit: Int)

  public var description: String {
    switch self {
    case .tooLargeForExhaustive(let limit):
      return
        "the exhaustive method would enumerate more than \(limit) associations; use method 'para' or a smaller scenario"
    }
  }
}
