import SaginModel

/// Reading attribute values: collecting a block's attributes, converting
/// quantities to SI with dimension and range checks, resolving words.
extension Elaborator {
  /// The attributes of one block by name (first occurrence), after reporting
  /// duplicates of non-repeatable attributes.
  mutating func collect(_ attributes: [Attribute], kind: BlockKind, owner: String)
    -> [String: Attribute]
  {
    var byName: [String: Attribute] = [:]
    for attribute in attributes {
      let name = attribute.name.text
      if let first = byName[name] {
        if case .invalid = first.value { continue }
        if case .invalid = attribute.value { continue }
        if kind.spec(named: name)?.isRepeatable != true {
          var diagnostic = Diagnostic.error(
            "duplicate attribute '\(name)' in \(owner)",
            at: attribute.name.span, in: file)
          diagnostic.notes.append(.init("first given here", at: first.name.span))
          report(diagnostic)
        }
      } else {
        byName[name] = attribute
      }
    }
    return byName
  }

  /// Reports every required attribute of `kind` missing from `attributes`, at the block's name.
  mutating func requireAttributes(
    _ attributes: [String: Attribute], kind: BlockKind, owner: String, at span: SourceSpan
  ) {
    guard !isInsideBrokenBlock else { return }
    for spec in kind.specs where spec.isRequired && attributes[spec.name] == nil {
      error(
        "missing attribute '\(spec.name)' in \(owner)", at: span,
        hint: "add " + AttributeTable.example(for: spec))
    }
  }

  /// The SI value of a quantity attribute whose spec gives its dimension and check.
  mutating func number(_ attribute: Attribute?, kind: BlockKind) -> Double? {
    guard let attribute, case .quantity(let literal) = attribute.value,
      let spec = kind.spec(named: attribute.name.text), let dimension = spec.dimension
    else { return nil }
    return convert(literal, to: dimension, check: spec.check, after: attribute.name.text)
  }

  /// Converts a literal to SI: the unit must exist and have the expected
  /// dimension; a plain number is accepted only for counts and fractions.
  /// Then applies the range check. Reports and returns nil on any failure.
  mutating func convert(
    _ literal: QuantityLiteral, to dimension: Dimension, check: ValueCheck, after context: String
  ) -> Double? {
    // A malformed number was reported by the lexer.
    guard let value = literal.value else { return nil }
    let si: Double
    if let symbol = literal.unit {
      guard let unit = Units.named(symbol) else {
        let suggestion = Units.suggestion(for: symbol, expecting: dimension)
        error(
          "unknown unit '\(symbol)'", at: literal.unitSpan ?? literal.span,
          hint: suggestion.map { "did you mean '\($0)'?" }
            ?? "expected \(dimension.expectation)")
        return nil
      }
      guard unit.dimension == dimension else {
        error(
          "expected \(dimension.expectation) after '\(context)', found \(unit.dimension.noun) '\(literal.written)'",
          at: literal.span)
        return nil
      }
      si = unit.toSI(value)
    } else {
      switch dimension {
      case .count:
        si = value
      case .fraction:
        guard value >= 0, value <= 1 else {
          error(
            "expected \(dimension.expectation) after '\(context)', found '\(literal.number)'",
            at: literal.span,
            hint:
              "a plain number is a fraction from 0 to 1; write '\(literal.number) %' for a percentage"
          )
          return nil
        }
        si = value
      default:
        let units = Units.symbols(of: dimension).prefix(4).joined(separator: ", ")
        error(
          "expected \(dimension.expectation) after '\(context)', found a plain number '\(literal.number)'",
          at: literal.span, hint: "add a unit such as \(units)")
        return nil
      }
    }
    guard si.isFinite else {
      error("value '\(literal.written)' is out of range", at: literal.span)
      return nil
    }
    guard passes(si, check, dimension: dimension) else {
      let what: String
      switch check {
      case .positive: what = "a positive value"
      case .nonNegative: what = "a value of 0 or more"
      case .positiveInteger: what = "a whole number of 1 or more"
      case .elevation: what = "an elevation above 0 deg and at most 90 deg"
      case .minimumElevation: what = "an elevation of 0 deg or more and below 90 deg"
      case .any: what = dimension.expectation
      }
      error("expected \(what) after '\(context)', found '\(literal.written)'", at: literal.span)
      return nil
    }
    if dimension == .fraction, si < 0 || si > 1 {
      error(
        "expected a percentage from 0 % to 100 % after '\(context)', found '\(literal.written)'",
        at: literal.span)
      return nil
    }
    return si
  }

  private func passes(_ value: Double, _ check: ValueCheck, dimension: Dimension) -> Bool {
    let rightAngle = Double.pi / 2
    switch check {
    case .any: return true
    case .positive: return value > 0
    case .nonNegative: return value >= 0
    case .positiveInteger: return value >= 1 && value <= 1e12 && value == value.rounded()
    case .elevation: return value > 0 && value <= rightAngle + 1e-12
    case .minimumElevation: return value >= 0 && value < rightAngle
    }
  }

  /// A whole number for a plain-number position (matrix shapes, solver options).
  mutating func wholeNumber(
    _ literal: QuantityLiteral, after context: String, atLeast minimum: Double
  ) -> Double? {
    guard let value = literal.value else { return nil }
    guard value >= minimum, value <= 1e12, value == value.rounded() else {
      let lowest = minimum == 0 ? "0" : "1"
      error(
        "expected a whole number of \(lowest) or more after '\(context)', found '\(literal.number)'",
        at: literal.span)
      return nil
    }
    return value
  }

  /// The word if it is one of `words`; otherwise reports it with a suggestion.
  mutating func word(_ name: Name, among words: [String], what: String) -> String? {
    guard words.contains(name.text) else {
      error(
        "unknown \(what) '\(name.text)'", at: name.span,
        hint: didYouMean(name.text, among: words) ?? "expected \(Parser.choice(words))")
      return nil
    }
    return name.text
  }

  /// A layer word of a share bound or a layer weight.
  mutating func layer(_ name: Name) -> Layer? {
    guard let word = word(name, among: AttributeTable.layerWords, what: "layer") else {
      return nil
    }
    return AttributeTable.layer(named: word)
  }
}

extension AttributeTable {
  /// `local`, `ground`, `uav`, `satellite` as layers.
  static func layer(named word: String) -> Layer? {
    switch word {
    case "local": return .user
    case "ground": return .ground
    case "uav": return .uav
    case "satellite": return .satellite
    default: return nil
    }
  }

  static func layerWord(_ layer: Layer) -> String {
    layerWords[layer.rawValue]
  }

  /// An attribute as it could be written, for "missing attribute" hints.
  static func example(for spec: AttributeSpec) -> String {
    switch spec.shape {
    case .position: return "'at (1.2 km, 300 m)' with its east and north position"
    case .name: return "'\(spec.name) NAME' naming a workload block"
    case .matrix: return "'matrix 4096 x 4096 count 64' for each adapted matrix shape"
    case .quantity(let dimension):
      return "'\(spec.name)' with \(dimension.expectation)"
    default: return "'\(spec.name)'"
    }
  }
}
