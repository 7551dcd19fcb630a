import Foundation

/// Where a command writes: results to standard output, diagnostics and
/// progress to standard error. Tests capture both as strings.
public struct Console: Sendable {
  public var writeOutput: @Sendable (String) -> Void
  public var writeError: @Sendable (String) -> Void
  /// Whether diagnostics may use ANSI colours (only when stderr is a terminal).
  public var isColourEnabled: Bool

  public init(
    writeOutput: @escaping @Sendable (String) -> Void,
    writeError: @escaping @Sendable (String) -> Void,
    isColourEnabled: Bool
  ) {
    self.writeOutput = writeOutput
    self.writeError = writeError
    self.isColourEnabled = isColourEnabled
  }

  /// The process's standard output and error; colour when stderr is a terminal.
  public static var standard: Console {
    Console(
      writeOutput: { FileHandle.standardOutput.write(Data($0.utf8)) },
      writeError: { FileHandle.standardError.write(Data($0.utf8)) },
      isColourEnabled: isatty(STDERR_FILENO) != 0)
  }

  /// Writes a line (a newline is added) to standard output.
  func output(_ line: String) {
    writeOutput(line + "\n")
  }

  /// Writes a line (a newline is added) to standard error.
  func error(_ line: String) {
    writeError(line + "\n")
  }
}

/// Collects what a command writes, for tests and for callers that want strings.
public final class CapturedConsole: @unchecked Sendable {
  private let lock = NSLock()
  private var outputText = ""
  private var errorText = ""

  public init() {}

  public var standardOutput: String { lock.withLock { outputText } }
  public var standardError: String { lock.withLock { errorText } }

  public var console: Console {
    Console(
      writeOutput: { [self] text in lock.withLock { outputText += text } },
      writeError: { [self] text in lock.withLock { errorText += text } },
      isColourEnabled: false)
  }
}
