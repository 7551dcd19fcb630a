/// Bounds on what a file may make the interpreter do, so that a file from a
/// colleague's email cannot hang the machine or exhaust its memory. Each
/// can be raised on the command line with `--limit NAME=N`.
public struct ScriptLimits: Sendable, Equatable {
  /// Loop iterations over the whole run (all loops together).
  public var iterations = 1_000_000
  /// Users, servers, UAVs, satellites and workloads a file may declare.
  public var entities = 100_000
  /// How deep `include` may nest.
  public var includeDepth = 16
  /// How deep expressions may nest (parentheses, calls, lists, operators).
  public var nesting = 64
  /// Points of one sweep.
  public var sweepPoints = 10_000

  public static let standard = ScriptLimits()

  public init() {}

  /// The names `--limit` accepts, with a line on each.
  public static let names: [(name: String, meaning: String)] = [
    ("iterations", "loop iterations in one run"),
    ("entities", "declared users, servers, UAVs, satellites and workloads"),
    ("include-depth", "nesting of 'include'"),
    ("nesting", "nesting of expressions"),
    ("sweep-points", "points of one sweep"),
  ]

  public func value(named name: String) -> Int? {
    switch name {
    case "iterations": return iterations
    case "entities": return entities
    case "include-depth": return includeDepth
    case "nesting": return nesting
    case "sweep-points": return sweepPoints
    default: return nil
    }
  }

  /// The deepest expression the interpreter can walk within a thread's stack.
  public static let maximumNesting = 400

  /// Sets a limit by name; false for an unknown name or a nesting deeper
  /// than the stack allows.
  public mutating func set(_ name: String, to value: Int) -> Bool {
    switch name {
    case "nesting" where value > ScriptLimits.maximumNesting: return false
    case "iterations": iterations = value
    case "entities": entities = value
    case "include-depth": includeDepth = value
    case "nesting": nesting = value
    case "sweep-points": sweepPoints = value
    default: return false
    }
    return true
  }

  /// "raise it with '--limit iterations=2000000' if you trust this file".
  func raiseHint(_ name: String) -> String {
    let doubled = (value(named: name) ?? 0).multipliedReportingOverflow(by: 2)
    let suggestion = doubled.overflow ? Int.max : doubled.partialValue
    return "if you trust this file, raise the limit with '--limit \(name)=\(suggestion)'"
  }
}

/// What a run of the front end is given besides the file: parameter values
/// from `-D`, a seed that overrides the file's, the limits, and how to read
/// included files.
public struct ScriptOptions: Sendable {
  /// `-D name=value` in command-line order; the value is source text.
  public var parameters: [(name: String, value: String)] = []
  /// Overrides the file's `seed` statement.
  public var seed: UInt64? = nil
  public var limits = ScriptLimits.standard
  /// Where the file being run's includes are read from when its path has no
  /// directory (an interactive session); nil: the current directory.
  public var includeDirectory: String? = nil
  /// Reads an included file by path; the default reads the file system.
  public var readFile: @Sendable (String) -> Result<String, FileReadError> = FileReadError.read

  public init() {}
}
