import SaginModel

/// An elaborated `.sagin` file: the scenario in SI units, the actions it
/// asks for in order, and where each entity was written.
public struct Program: Sendable {
  public var scenario: Scenario
  public var actions: [Action]
  public let source: SourceFile
  let entitySpans: [String: EntitySpans]
  /// The file read and the files it included, by `SourceSpan.file`.
  public internal(set) var sources: [SourceFile] = []
  /// The scenario seed: `--seed`, else the file's `seed`, else 1.
  public internal(set) var seed: UInt64 = 1
  /// Whether the file uses scripting statements (`let`, `for`, `include` ...),
  /// whose meaning depends on their order.
  public internal(set) var usesScripting = false
  /// The file's parameters (`param`) with their values, as text.
  public internal(set) var parameters: [(name: String, value: String)] = []

  /// The file a span points into.
  public func file(of span: SourceSpan?) -> SourceFile {
    guard let span, span.file > 0, span.file < sources.count else { return source }
    return sources[span.file]
  }

  /// Whether an entity was written out in the file itself (so a tool may
  /// edit its text), rather than made by a loop or read from an include.
  public func isWrittenOut(_ name: String) -> Bool {
    guard let spans = entitySpans[name] else { return false }
    return spans.origin == nil && (spans.name?.file ?? 0) == 0
  }

  /// Where a generated entity came from (`i = 3`, `included`), nil otherwise.
  public func origin(of name: String) -> String? {
    entitySpans[name]?.origin
  }

  public init(scenario: Scenario, actions: [Action], source: SourceFile) {
    self.init(scenario: scenario, actions: actions, source: source, entitySpans: [:])
  }

  init(
    scenario: Scenario, actions: [Action], source: SourceFile,
    entitySpans: [String: EntitySpans]
  ) {
    self.scenario = scenario
    self.actions = actions
    self.source = source
    self.entitySpans = entitySpans
  }

  /// Locates an entity (and optionally one of its attributes) for diagnostics
  /// raised later by the model compiler. Entities are users, servers, UAVs,
  /// satellites and workloads by name; `"scenario"` names the top-level
  /// settings (`deadline`, `share`, `objective`, ...) unless an entity has that
  /// name. An attribute that was not written (a default) gives the entity's
  /// name instead; an unknown entity gives nil.
  public func span(ofEntity name: String, attribute: String?) -> SourceSpan? {
    let topLevel = name == "scenario" ? entitySpans[EntitySpans.topLevelKey] : nil
    guard let entity = entitySpans[name] ?? topLevel else { return nil }
    guard let attribute else { return entity.name }
    let candidates = [attribute] + (Program.attributeAliases[attribute] ?? [])
    for candidate in candidates {
      if let span = entity.attributes[candidate] { return span }
    }
    return entity.name
  }

  /// Where a declared block (user, server, uav, satellite or workload) sits in
  /// the source: enough for a tool to rewrite one attribute or the whole block.
  public struct DeclarationLayout: Sendable {
    /// `user`, `server`, `uav`, `satellite` or `workload`.
    public let kind: String
    public let name: SourceSpan
    /// From the keyword to the closing brace.
    public let declaration: SourceSpan
    public let closeBrace: SourceSpan?
    /// The first occurrence of each written attribute, name through value.
    public let attributes: [String: SourceSpan]
  }

  /// The layout of a declared block, nil for an unknown name.
  public func layout(ofDeclaration name: String) -> DeclarationLayout? {
    guard let spans = entitySpans[name], let kind = spans.kind, let nameSpan = spans.name,
      let declaration = spans.declaration
    else { return nil }
    // Attributes a template gave are written in the template, not in the block.
    let own = spans.attributes.filter {
      $0.value.file == declaration.file && $0.value.start >= declaration.start
        && $0.value.end <= declaration.end
    }
    return DeclarationLayout(
      kind: kind, name: nameSpan, declaration: declaration, closeBrace: spans.closeBrace,
      attributes: own)
  }

  /// Names of the declared blocks in source order.
  public var declarationNames: [String] {
    entitySpans.filter { $0.value.kind != nil }
      .sorted { $0.value.order < $1.value.order }
      .map(\.key)
  }

  /// Where each top-level setting (`deadline`, `noise`, ...) was first written.
  public var settingSpans: [String: SourceSpan] {
    entitySpans[EntitySpans.topLevelKey]?.attributes ?? [:]
  }

  /// Source attributes for the `Scenario` field names the model compiler uses
  /// in its issues, tried in order.
  static let attributeAliases: [String: [String]] = [
    "transmitPower": ["power"],
    "antennaGainDBi": ["antenna"],
    "noiseFigureDB": ["noise-figure"],
    "energyBudget": ["energy-budget"],
    "coverageRadius": ["coverage"],
    "minimumElevation": ["min-elevation"],
    "placement": ["at", "altitude", "elevation"],
    "position": ["at"],
    "shareBounds": ["share"],
    "delayWeight": ["delay-weight"],
    "energyWeight": ["energy-weight"],
    "layerWeights": ["layer-weight", "objective"],
    "thermalNoiseDensity": ["noise"],
    "groundCarrier": ["carrier"],
    "airCarrier": ["carrier"],
    "spaceCarrier": ["carrier"],
    "groundChannel": ["channel"],
    "airChannel": ["channel"],
    "spaceChannel": ["channel"],
    "spaceExtraLossDB": ["channel"],
    "allowsLayerSkipping": ["layer-skipping"],
    "pins": ["pin"],
    "forbidden": ["forbid"],
    "explicitGains": ["gain"],
    "parameters": ["parameters", "lora"],
    "bitsPerSample": ["sample-size"],
    "cyclesPerSample": ["cycles-per-sample"],
  ]
}

/// Where an entity and its attributes were written.
struct EntitySpans: Sendable {
  static let topLevelKey = "\u{0}scenario"

  var name: SourceSpan?
  /// For declared blocks: the keyword, the whole declaration and its `}`.
  var kind: String?
  var declaration: SourceSpan?
  var closeBrace: SourceSpan?
  /// The first occurrence of each attribute.
  var attributes: [String: SourceSpan] = [:]
  /// For a block made by a loop or an include: where from.
  var origin: String?
  /// The position of the block among the declarations (generated ones share spans).
  var order = 0
}

/// A statement that asks the tool to do something, in file order.
public enum Action: Sendable {
  case solve(SolveRequest, SourceSpan)
  case report(ReportRequest, SourceSpan)
  /// `compare ...`: several methods on the scenario, one table.
  case compare(CompareRequest, SourceSpan)
  /// `print ...`: a line of text, already evaluated.
  case print(String, SourceSpan)
  /// `sweep ...`: solves at each point of a grid of parameter values.
  case sweep(SweepPlan, SourceSpan)
}

/// A sweep ready to run: one scenario per point, and the solves to run at each.
public struct SweepPlan: Sendable {
  public struct Point: Sendable {
    /// The value of each axis at this point, as text (`50`, `20000000 Hz`).
    public var values: [String]
    public var scenario: Scenario
    /// The scenario seed at this point (a `seed` axis sets it); randomised
    /// solves without a seed of their own use it.
    public var seed: UInt64
  }

  /// What each axis varies: `users`, `g1.bandwidth`, `seed`.
  public var axes: [String] = []
  public var points: [Point] = []
  public var solves: [SolveRequest] = []
  /// Which of the file's sweeps this is (in file order).
  var index: Int

  init(index: Int) {
    self.index = index
  }
}

/// A `solve` statement: the method and its optional settings (nil = the solver's default).
public struct SolveRequest: Sendable, Equatable {
  /// The solve methods the language accepts; the solver must implement each.
  public static let knownMethods = [
    "para", "para-matching", "exhaustive", "random", "nearest", "equal", "local", "full-offload",
    "ratio-of-sums",
  ]
  public static let defaultMethod = "para"

  public var method: String
  public var seed: UInt64?
  public var tolerance: Double?
  public var maxIterations: Int?

  public init(
    method: String = SolveRequest.defaultMethod, seed: UInt64? = nil,
    tolerance: Double? = nil, maxIterations: Int? = nil
  ) {
    self.method = method
    self.seed = seed
    self.tolerance = tolerance
    self.maxIterations = maxIterations
  }
}

/// A `compare` statement: the methods to run on the same scenario and the
/// solver seeds to run randomised ones with.
public struct CompareRequest: Sendable, Equatable {
  /// PARA and every baseline of the specification (section 10), not `exhaustive`.
  public static let defaultMethods = [
    "para", "random", "nearest", "equal", "local", "full-offload", "ratio-of-sums",
  ]

  public var methods: [String] = []
  /// Empty: the run's seed.
  public var seeds: [UInt64] = []

  public init(methods: [String] = [], seeds: [UInt64] = []) {
    self.methods = methods
    self.seeds = seeds
  }
}

/// A `report` statement: which sections to print.
public struct ReportRequest: Sendable, Equatable {
  public static let knownSections = ["users", "nodes", "layers", "summary"]

  /// Empty means every section.
  public var sections: [String]

  public init(sections: [String] = []) {
    self.sections = sections
  }
}
