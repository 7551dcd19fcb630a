import SaginModel

/// Gives a syntax tree its meaning and builds the `Scenario`.
///
/// Design: declarations may come in any order, so the elaborator first
/// collects every name (reporting duplicates), then reads the top-level
/// settings (which give user defaults), then the workloads, users and
/// servers, then the links that refer to them, and last the checks that
/// need the whole scenario (share bounds, the per-node objective). Every
/// value is converted to SI with its dimension checked. Errors never stop
/// the walk, so one run reports all it can; the caller discards the
/// scenario when any error was reported.
struct Elaborator {
  let file: SourceFile
  private(set) var diagnostics: [Diagnostic] = []
  var scenario = Scenario()
  var actions: [Action] = []
  var spans: [String: EntitySpans] = [:]

  /// Every node name with its layer and where it was declared.
  var nodes: [String: (layer: Layer, span: SourceSpan)] = [:]
  var workloads: [String: Workload] = [:]
  var workloadSpans: [String: SourceSpan] = [:]

  /// Defaults for users from top-level settings.
  var defaultDeadline: Double?
  var defaultShareBounds = Array(repeating: ShareBound(), count: 4)
  /// The last scenario-wide `share` line, and whether the defaults it
  /// completes are contradictory (then reported there, not at every user).
  var lastDefaultShareSpan: SourceSpan?
  var hasInvalidDefaultShares = false
  /// Set while elaborating a block the parser already reported an error in:
  /// a missing attribute there is most likely a consequence, not news.
  var isInsideBrokenBlock = false
  /// The `objective` setting, where a rejected per-node objective is reported.
  var objectiveAttribute: Attribute?

  /// Whether a scenario without users is accepted (interactive sessions).
  var allowsNoUsers = false

  init(file: SourceFile) {
    self.file = file
  }

  mutating func elaborate(_ tree: SyntaxTree) -> Program {
    scenario.name = Elaborator.baseName(of: file.path)
    var declarations: [Declaration] = []
    var settings: [Attribute] = []
    for item in tree.items {
      switch item {
      case .declaration(let declaration): declarations.append(declaration)
      case .setting(let attribute): settings.append(attribute)
      default: break  // the interpreter has run the script statements
      }
    }

    collectNames(declarations)
    elaborateSettings(settings)
    for declaration in declarations where declaration.kind == .workload {
      isInsideBrokenBlock = declaration.hasSyntaxErrors
      elaborateWorkload(declaration)
    }
    for declaration in declarations {
      isInsideBrokenBlock = declaration.hasSyntaxErrors
      switch declaration.kind {
      case .user: elaborateUser(declaration)
      case .server, .uav, .satellite: elaborateServer(declaration)
      case .workload: break
      }
    }
    isInsideBrokenBlock = false
    elaborateLinks(settings)
    checkScenario(isEmpty: tree.items.isEmpty && file.text.allSatisfy(\.isWhitespace))
    checkActionOrder()

    return Program(scenario: scenario, actions: actions, source: file, entitySpans: spans)
  }

  // MARK: - Names

  /// Records every node and workload name; a name used twice is an error
  /// (nodes and workloads have separate name spaces).
  private mutating func collectNames(_ declarations: [Declaration]) {
    for declaration in declarations {
      let name = declaration.name
      if name.text.isEmpty {
        error(
          "expected a name after '\(declaration.kind.rawValue)', found an empty string",
          at: name.span)
        continue
      }
      var entity = EntitySpans(name: name.span)
      entity.kind = declaration.kind.rawValue
      entity.declaration = SourceSpan(
        start: declaration.keyword.span.start,
        end: declaration.closeBrace?.end ?? declaration.openBrace.end)
      entity.closeBrace = declaration.closeBrace
      entity.origin = declaration.origin
      entity.order = spans.count
      for attribute in declaration.attributes where entity.attributes[attribute.name.text] == nil {
        entity.attributes[attribute.name.text] = attribute.span
      }
      if declaration.kind == .workload {
        if let first = workloadSpans[name.text] {
          duplicate("workload", name, first: first)
          continue
        }
        workloadSpans[name.text] = name.span
      } else {
        if let first = nodes[name.text] {
          duplicate("node", name, first: first.span)
          continue
        }
        nodes[name.text] = (Elaborator.layer(of: declaration.kind), name.span)
      }
      spans[name.text] = entity
    }
  }

  private mutating func duplicate(_ what: String, _ name: Name, first: SourceSpan) {
    var diagnostic = Diagnostic.error(
      "duplicate \(what) name '\(name.text)'", at: name.span,
      in: file, hint: "give each \(what) its own name")
    diagnostic.notes.append(.init("'\(name.text)' is first declared here", at: first))
    report(diagnostic)
  }

  static func layer(of kind: DeclarationKind) -> Layer {
    switch kind {
    case .user, .workload: return .user
    case .server: return .ground
    case .uav: return .uav
    case .satellite: return .satellite
    }
  }

  // MARK: - Diagnostics

  /// A `report` has a solution to print only after a `solve`; in a file that
  /// solves, one before the first `solve` would quietly cause an extra solve.
  private mutating func checkActionOrder() {
    guard
      let firstSolve = actions.firstIndex(where: {
        if case .solve = $0 { return true } else { return false }
      })
    else { return }
    for action in actions[..<firstSolve] {
      if case .report(_, let span) = action {
        error(
          "'report' comes before any 'solve', so there is no solution to report yet", at: span,
          hint: "move it after a 'solve' (a file without any 'solve' is solved once with 'para')")
      }
    }
  }

  mutating func error(_ message: String, at span: SourceSpan?, hint: String? = nil) {
    report(.error(message, at: span, in: file, hint: hint))
  }

  mutating func warning(_ message: String, at span: SourceSpan?, hint: String? = nil) {
    report(.warning(message, at: span, in: file, hint: hint))
  }

  mutating func report(_ diagnostic: Diagnostic) {
    guard diagnostics.count < Parser.maximumErrors else { return }
    diagnostics.append(diagnostic)
  }

  private static func baseName(of path: String) -> String {
    let last = path.split(separator: "/").last.map(String.init) ?? path
    let stem = last.hasSuffix(".sagin") ? String(last.dropLast(6)) : last
    return stem.isEmpty ? "scenario" : stem
  }
}
