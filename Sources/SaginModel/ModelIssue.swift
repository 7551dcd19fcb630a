/// A reason a scenario cannot become a model, named by the entity and
/// attribute that cause it so the language front end can point at the
/// source text that wrote them.
///
/// Entities and attributes use the names of `Scenario` and its members:
/// - a node (user, ground server, UAV, satellite) by its name, with the
///   attribute path inside `UserEntity` or `ServerEntity`: `cpu`,
///   `transmitPower`, `bandwidth`, `kappa`, `noiseFigureDB`, `capacity`,
///   `energyBudget`, `position`, `placement`, `coverageRadius`,
///   `minimumElevation`, `carrier`, `deadline`, `weight`, `shareBounds`,
///   `layer`, and `workload.parameters`, `workload.samples`, ... for the
///   user's workload; `nil` for the node as a whole;
/// - `scenario` for scenario-level settings, with the `Scenario` property
///   as attribute (`delayWeight`, `spaceChannel`, `objective`, ...);
/// - `pins[k]`, `forbidden[k]` and `explicitGains[k]` for the k-th rule
///   (0-based, declaration order), with attribute `from`, `to` or `gainDB`
///   when one part of the rule is at fault, `nil` for the rule as a whole.
///
/// Messages start in lower case, end without a period and quote the names
/// of the source: `unknown node 'g9'`.
public struct ModelIssue: Sendable, Equatable, CustomStringConvertible {
  public var entity: String
  public var attribute: String?
  public var message: String
  /// A suggestion or explanation, shown as a note under the message.
  public var hint: String?

  public init(entity: String, attribute: String? = nil, message: String, hint: String? = nil) {
    self.entity = entity
    self.attribute = attribute
    self.message = message
    self.hint = hint
  }

  /// `entity.attribute: message`, for logs and tests.
  public var description: String {
    let place = attribute.map { "\(entity).\($0)" } ?? entity
    return "\(place): \(message)"
  }
}

/// The outcome of `ModelCompiler.compile`: a model when the scenario has no
/// issues, otherwise nil and every issue found (not only the first).
public struct ModelCompilation: Sendable {
  public var model: ParaModel?
  public var issues: [ModelIssue]

  public init(model: ParaModel?, issues: [ModelIssue]) {
    self.model = model
    self.issues = issues
  }
}

extension ModelIssue {
  /// The entity name of the k-th rule of a rule list, e.g. `pins[2]`.
  static func rule(_ list: String, _ index: Int) -> String {
    "\(list)[\(index)]"
  }

  /// A number as written in messages: shortest round-trip form, `nan`,
  /// `infinity` or `-infinity`.
  static func describe(_ value: Double) -> String {
    if value.isNaN { return "nan" }
    if value.isInfinite { return value > 0 ? "infinity" : "-infinity" }
    return JSONValue.format(value)
  }
}
