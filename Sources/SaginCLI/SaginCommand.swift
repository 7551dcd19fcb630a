import Foundation

/// Exit codes of `sagin`.
public enum ExitCode {
  public static let success: Int32 = 0
  /// A file could not be read, parsed or compiled.
  public static let inputError: Int32 = 1
  /// A solve ended infeasible or in a numerical failure.
  public static let solveFailure: Int32 = 2
  /// The command line itself was wrong (sysexits EX_USAGE).
  public static let usage: Int32 = 64
}

/// The `sagin` command line: parses the arguments and runs one command.
public enum SaginCommand {
  /// Runs `sagin` with `arguments` (without the program name) on the process's
  /// standard output and error, and returns the exit code.
  public static func run(arguments: [String]) -> Int32 {
    // With no arguments on a terminal, `sagin` opens the REPL.
    if arguments.isEmpty, isatty(STDIN_FILENO) != 0, isatty(STDOUT_FILENO) != 0 {
      return run(arguments: ["repl"], console: .standard)
    }
    return run(arguments: arguments, console: .standard)
  }

  /// Runs `sagin` writing to `console`; tests pass a `CapturedConsole`'s console.
  public static func run(arguments: [String], console: Console) -> Int32 {
    let invocation: Invocation
    do {
      invocation = try ArgumentParser.parse(arguments)
    } catch {
      console.error("sagin: error: \(error.message)")
      console.error(Help.usage(for: error.command))
      return ExitCode.usage
    }

    switch invocation {
    case .help(let topic):
      console.writeOutput(Help.text(for: topic) + "\n")
      return ExitCode.success
    case .version:
      console.output("sagin \(Help.version)")
      return ExitCode.success
    case .check(let options):
      return CheckCommand(path: options.path, console: console, options: options.scriptOptions)
        .run()
    case .run(let options):
      return RunCommand(options: options, console: console).run()
    case .solve(let options):
      return SolveCommand(options: options, console: console).run()
    case .repl(let path, let options):
      var repl = ReplCommand(
        path: path, console: console, isInteractive: isatty(STDIN_FILENO) != 0)
      repl.scriptOptions = options.scriptOptions
      return repl.run()
    case .format(let paths, let checkOnly):
      return FormatCommand(paths: paths, checkOnly: checkOnly, console: console).run()
    case .chart(let options):
      return ChartCommand(options: options, console: console).run()
    }
  }
}
