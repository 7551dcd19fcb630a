import SaginModel

/// What the value of an attribute looks like, for the parser.
enum Shape: Sendable {
  case quantity(Dimension)
  /// One identifier from a fixed list (checked by the elaborator).
  case word
  /// An identifier or a quoted string naming something.
  case name
  case position
  case layered(Dimension)
  case bound
  case link(hasGain: Bool)
  case channel
  case matrix
  case solve
  case compare
  case sections
  case block(BlockKind)
}

/// The range a numeric value must lie in once converted to SI.
enum ValueCheck: Sendable {
  case any
  case positive
  case nonNegative
  case positiveInteger
  /// An angle in (0, 90] degrees.
  case elevation
  /// An angle in [0, 90) degrees.
  case minimumElevation
}

/// One attribute a block (or the top level) accepts.
struct AttributeSpec: Sendable {
  var name: String
  var shape: Shape
  var check: ValueCheck = .any
  var isRequired = false
  /// Repeatable attributes (share, matrix, pin, ...) may appear more than once.
  var isRepeatable = false

  var dimension: Dimension? {
    switch shape {
    case .quantity(let dimension), .layered(let dimension): return dimension
    default: return nil
    }
  }
}

/// The places attributes appear: the file's top level and each block kind.
enum BlockKind: String, Sendable {
  case topLevel = "the top level"
  case user
  case server
  case uav
  case satellite
  case workload
  case lora

  init(_ kind: DeclarationKind) {
    switch kind {
    case .user: self = .user
    case .server: self = .server
    case .uav: self = .uav
    case .satellite: self = .satellite
    case .workload: self = .workload
    }
  }

  var specs: [AttributeSpec] {
    switch self {
    case .topLevel: return AttributeTable.topLevel
    case .user: return AttributeTable.user
    case .server: return AttributeTable.server
    case .uav: return AttributeTable.uav
    case .satellite: return AttributeTable.satellite
    case .workload: return AttributeTable.workload
    case .lora: return AttributeTable.lora
    }
  }

  func spec(named name: String) -> AttributeSpec? {
    specs.first { $0.name == name }
  }
}

/// Every attribute of the language in one place; grammar.md documents the same list.
enum AttributeTable {
  static let topLevel: [AttributeSpec] = [
    AttributeSpec(name: "scenario", shape: .name),
    AttributeSpec(name: "noise", shape: .quantity(.noiseDensity)),
    AttributeSpec(name: "delay-weight", shape: .quantity(.perTime), check: .nonNegative),
    AttributeSpec(name: "energy-weight", shape: .quantity(.perEnergy), check: .nonNegative),
    AttributeSpec(name: "objective", shape: .word),
    AttributeSpec(
      name: "layer-weight", shape: .layered(.count), check: .nonNegative,
      isRepeatable: true),
    AttributeSpec(name: "channel", shape: .channel, isRepeatable: true),
    AttributeSpec(
      name: "carrier", shape: .layered(.frequency), check: .positive,
      isRepeatable: true),
    AttributeSpec(name: "layer-skipping", shape: .word),
    AttributeSpec(name: "deadline", shape: .quantity(.time), check: .positive),
    AttributeSpec(name: "share", shape: .bound, isRepeatable: true),
    AttributeSpec(name: "gain", shape: .link(hasGain: true), isRepeatable: true),
    AttributeSpec(name: "pin", shape: .link(hasGain: false), isRepeatable: true),
    AttributeSpec(name: "forbid", shape: .link(hasGain: false), isRepeatable: true),
    AttributeSpec(name: "solve", shape: .solve, isRepeatable: true),
    AttributeSpec(name: "report", shape: .sections, isRepeatable: true),
    AttributeSpec(name: "compare", shape: .compare, isRepeatable: true),
  ]

  /// Attributes every node kind has.
  private static let node: [AttributeSpec] = [
    AttributeSpec(name: "cpu", shape: .quantity(.frequency), check: .positive, isRequired: true),
    AttributeSpec(name: "power", shape: .quantity(.power), check: .positive, isRequired: true),
    AttributeSpec(name: "kappa", shape: .quantity(.count), check: .positive),
    AttributeSpec(name: "antenna", shape: .quantity(.gain)),
    AttributeSpec(name: "noise-figure", shape: .quantity(.gain), check: .nonNegative),
    AttributeSpec(name: "energy-budget", shape: .quantity(.energy), check: .positive),
  ]

  /// Attributes of every server kind.
  private static let serverCommon: [AttributeSpec] =
    node + [
      AttributeSpec(
        name: "bandwidth", shape: .quantity(.frequency), check: .positive,
        isRequired: true),
      AttributeSpec(name: "capacity", shape: .quantity(.count), check: .positiveInteger),
      AttributeSpec(name: "carrier", shape: .quantity(.frequency), check: .positive),
    ]

  static let user: [AttributeSpec] =
    [
      AttributeSpec(name: "at", shape: .position, isRequired: true)
    ] + node + [
      AttributeSpec(name: "workload", shape: .name, isRequired: true),
      AttributeSpec(name: "deadline", shape: .quantity(.time), check: .positive),
      AttributeSpec(name: "weight", shape: .quantity(.count), check: .nonNegative),
      AttributeSpec(name: "share", shape: .bound, isRepeatable: true),
    ]

  static let server: [AttributeSpec] =
    [
      AttributeSpec(name: "at", shape: .position, isRequired: true)
    ] + serverCommon + [
      AttributeSpec(name: "coverage", shape: .quantity(.length), check: .positive)
    ]

  static let uav: [AttributeSpec] =
    [
      AttributeSpec(name: "at", shape: .position, isRequired: true),
      AttributeSpec(name: "altitude", shape: .quantity(.length), check: .positive),
    ] + serverCommon + [
      AttributeSpec(name: "coverage", shape: .quantity(.length), check: .positive)
    ]

  static let satellite: [AttributeSpec] =
    [
      AttributeSpec(
        name: "altitude", shape: .quantity(.length), check: .positive,
        isRequired: true),
      AttributeSpec(
        name: "elevation", shape: .quantity(.angle), check: .elevation,
        isRequired: true),
      AttributeSpec(name: "min-elevation", shape: .quantity(.angle), check: .minimumElevation),
    ] + serverCommon

  static let workload: [AttributeSpec] = [
    AttributeSpec(name: "parameters", shape: .quantity(.count), check: .positive),
    AttributeSpec(name: "lora", shape: .block(.lora)),
    AttributeSpec(
      name: "samples", shape: .quantity(.count), check: .positive,
      isRequired: true),
    AttributeSpec(
      name: "sample-size", shape: .quantity(.data), check: .positive,
      isRequired: true),
    AttributeSpec(
      name: "cycles-per-sample", shape: .quantity(.cycles), check: .positive,
      isRequired: true),
    AttributeSpec(name: "epochs", shape: .quantity(.count), check: .positive),
  ]

  static let lora: [AttributeSpec] = [
    AttributeSpec(
      name: "rank", shape: .quantity(.count), check: .positiveInteger,
      isRequired: true),
    AttributeSpec(name: "matrix", shape: .matrix, isRequired: true, isRepeatable: true),
  ]

  // MARK: - Words

  static let layerWords = ["local", "ground", "uav", "satellite"]
  static let linkKindWords = ["ground", "air", "space"]
  static let objectiveWords = ["per-user", "per-node"]
  static let switchWords = ["on", "off"]
  static let solveOptions = ["seed", "tolerance", "iterations"]
  static let channelModelWords = ["uma", "log-distance", "al-hourani", "free-space"]
  static let environmentWords = AirEnvironment.allCases.map(\.rawValue)

  /// The words a word-valued attribute or the first word of a layered one accepts.
  static func words(for attribute: String) -> [String] {
    switch attribute {
    case "objective": return objectiveWords
    case "layer-skipping": return switchWords
    case "carrier", "channel": return linkKindWords
    case "layer-weight", "share": return layerWords
    default: return []
    }
  }
}
