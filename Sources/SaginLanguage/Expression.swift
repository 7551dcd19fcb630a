/// Expressions of the scripting layer: arithmetic with units, variables,
/// lists, ranges, calls to built-in functions and generators, comparisons.
/// The interpreter (`Interpreter`) evaluates them; the elaborator only ever
/// sees their values.

/// A binary operator, with its source text.
enum BinaryOperator: String, Sendable {
  case add = "+"
  case subtract = "-"
  case multiply = "*"
  case divide = "/"
  case power = "^"
  case less = "<"
  case lessEqual = "<="
  case greater = ">"
  case greaterEqual = ">="
  case equal = "=="
  case notEqual = "!="
  case and
  case or

  var isComparison: Bool {
    switch self {
    case .less, .lessEqual, .greater, .greaterEqual, .equal, .notEqual: return true
    default: return false
    }
  }
}

/// A string literal, possibly with `{expression}` interpolations.
struct StringTemplate: Sendable {
  enum Piece: Sendable {
    case text(String)
    case expression(Expression)
  }

  var pieces: [Piece]
  var span: SourceSpan
}

indirect enum Expression: Sendable {
  /// A number with an optional unit: `20 MHz`, `3`, `20 %`.
  case quantity(QuantityLiteral)
  case string(StringTemplate)
  case boolean(Bool, SourceSpan)
  case variable(Name)
  /// `[a, b, c]`, optionally followed by a unit that applies to every plain
  /// number in it: `[10, 20, 40] MHz`.
  case list([Expression], unit: (symbol: String, span: SourceSpan)?, span: SourceSpan)
  /// `(east, north [, height])`: a position or any tuple of two or more values.
  case tuple([Expression], span: SourceSpan)
  /// `-x`, `not c`.
  case negate(Expression, span: SourceSpan)
  case not(Expression, span: SourceSpan)
  case binary(BinaryOperator, Expression, Expression, operatorSpan: SourceSpan)
  /// `x in km`: the number `x` measures in that unit.
  case conversion(Expression, unit: String, unitSpan: SourceSpan)
  /// `a..b`: the whole numbers from a to b inclusive.
  case range(Expression, Expression, span: SourceSpan)
  /// `name(arguments)`.
  case call(Name, [Expression], span: SourceSpan)
  /// `list[index]`, counting from 1 like `1..n`.
  case index(Expression, Expression, span: SourceSpan)

  /// The source range the expression covers.
  var span: SourceSpan {
    switch self {
    case .quantity(let literal): return literal.span
    case .string(let template): return template.span
    case .boolean(_, let span): return span
    case .variable(let name): return name.span
    case .list(_, _, let span), .tuple(_, let span), .negate(_, let span), .not(_, let span),
      .range(_, _, let span), .call(_, _, let span), .index(_, _, let span):
      return span
    case .binary(_, let left, let right, _): return left.span.union(right.span)
    case .conversion(let value, _, let unitSpan): return value.span.union(unitSpan)
    }
  }

  /// A plain literal (`23 dBm`) rather than a computation: such values keep
  /// the messages of the declarative language.
  var literal: QuantityLiteral? {
    if case .quantity(let literal) = self { return literal }
    return nil
  }
}
