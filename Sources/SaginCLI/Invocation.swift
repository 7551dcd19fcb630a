import SaginLanguage
import SaginSolver

/// A parsed command line: which command to run and with which options.
enum Invocation: Equatable {
  case help(topic: String?)
  case version
  case run(CommandOptions)
  case check(CommandOptions)
  case solve(CommandOptions)
  case repl(path: String?, options: CommandOptions)
  case format(paths: [String], checkOnly: Bool)
  case chart(ChartOptions)
}

/// Options shared by `run` and `solve` (`solve` rejects `--emit-model`).
struct CommandOptions: Equatable {
  var path: String
  var isJSON = false
  var emitsModel = false
  var seed: UInt64?
  var method: SolveMethod?
  var maxIterations: Int?
  var isVerbose = false
  /// Writes 0 for `seconds` so that two runs can be compared byte for byte.
  var omitsTiming = false
  /// `-D name=value`, in order.
  var definitions: [Definition] = []
  var limits = ScriptLimits.standard
  /// `--csv FILE`: where sweep tables are written.
  var csvPath: String?

  struct Definition: Equatable {
    var name: String
    var value: String
  }

  /// What the front end needs from the command line.
  var scriptOptions: ScriptOptions {
    var script = ScriptOptions()
    script.parameters = definitions.map { ($0.name, $0.value) }
    script.seed = seed
    script.limits = limits
    return script
  }
}

/// Why a command line was rejected (exit code 64). The text is made in one place.
enum UsageError: Error, Equatable {
  case unknownCommand(String)
  case unknownOption(String, command: String)
  case missingValue(option: String)
  case invalidValue(option: String, value: String, expected: String)
  case missingFile(command: String)
  case unexpectedArgument(String, command: String)
  case conflictingOptions(String, String)

  var message: String {
    switch self {
    case .unknownCommand(let name):
      return
        "unknown command '\(name)'; expected 'run', 'check', 'solve', 'repl', 'fmt', 'chart' or 'help'"
    case .unknownOption(let option, let command):
      return command.isEmpty
        ? "unknown option '\(option)'"
        : "unknown option '\(option)' for 'sagin \(command)'"
    case .missingValue(let option):
      return "expected a value after '\(option)'"
    case .invalidValue(let option, let value, let expected):
      return "invalid value '\(value)' for '\(option)'; expected \(expected)"
    case .missingFile(let command):
      return command == "solve"
        ? "expected a model document after 'sagin solve'"
        : "expected a .sagin file after 'sagin \(command)'"
    case .unexpectedArgument(let argument, let command):
      return "unexpected argument '\(argument)' for 'sagin \(command)'; give one file"
    case .conflictingOptions(let first, let second):
      return "'\(first)' and '\(second)' cannot be combined: '--emit-model' writes the compiled"
        + " model and stops before solving"
    }
  }

  /// The command whose usage should follow the message, nil for the general usage.
  var command: String? {
    switch self {
    case .unknownCommand: return nil
    case .unknownOption(_, let command), .missingFile(let command),
      .unexpectedArgument(_, let command):
      return command.isEmpty ? nil : command
    case .missingValue, .invalidValue, .conflictingOptions: return nil
    }
  }
}

/// Turns `sagin`'s arguments (without the program name) into an `Invocation`.
enum ArgumentParser {
  static func parse(_ arguments: [String]) throws(UsageError) -> Invocation {
    guard let first = arguments.first else { return .help(topic: nil) }
    let rest = Array(arguments.dropFirst())
    switch first {
    case "-h", "--help": return .help(topic: nil)
    case "--version", "-V": return .version
    case "help":
      guard rest.count <= 1 else { throw .unexpectedArgument(rest[1], command: "help") }
      if let topic = rest.first, !Help.commands.contains(topic) {
        throw .unknownCommand(topic)
      }
      return .help(topic: rest.first)
    case "version": return .version
    case "check":
      if rest.contains(where: isHelpFlag) { return .help(topic: "check") }
      let (options, _) = try parseOptions(rest, command: "check", allowed: scriptFlags)
      return .check(options)
    case "run":
      if rest.contains(where: isHelpFlag) { return .help(topic: "run") }
      let (options, _) = try parseOptions(rest, command: "run", allowed: runFlags)
      return .run(options)
    case "repl":
      if rest.contains(where: isHelpFlag) { return .help(topic: "repl") }
      let (options, _) = try parseOptions(
        rest, command: "repl", allowed: scriptFlags, requiresFile: false)
      return .repl(path: options.path.isEmpty ? nil : options.path, options: options)
    case "solve":
      if rest.contains(where: isHelpFlag) { return .help(topic: "solve") }
      let (options, _) = try parseOptions(rest, command: "solve", allowed: solveFlags)
      return .solve(options)
    case "fmt":
      if rest.contains(where: isHelpFlag) { return .help(topic: "fmt") }
      var paths: [String] = []
      var checkOnly = false
      for argument in rest {
        if argument == "--check" {
          checkOnly = true
        } else if argument.hasPrefix("-"), argument != "-" {
          throw .unknownOption(argument, command: "fmt")
        } else {
          paths.append(argument)
        }
      }
      guard !paths.isEmpty else { throw .missingFile(command: "fmt") }
      return .format(paths: paths, checkOnly: checkOnly)
    case "chart":
      if rest.contains(where: isHelpFlag) { return .help(topic: "chart") }
      return .chart(try ChartOptions.parse(rest))
    default:
      if first.hasPrefix("-") { throw .unknownOption(first, command: "") }
      throw .unknownCommand(first)
    }
  }

  static let solveFlags: Set<String> = [
    "--json", "--seed", "--method", "--max-iterations", "--verbose", "--no-timing",
  ]
  /// Options that shape how a `.sagin` file runs.
  static let scriptFlags: Set<String> = ["-D", "--limit", "--seed"]
  static let runFlags = solveFlags.union(scriptFlags).union(["--emit-model", "--csv"])

  private static func isHelpFlag(_ argument: String) -> Bool {
    argument == "--help" || argument == "-h"
  }

  private static func parseOptions(
    _ arguments: [String], command: String, allowed: Set<String>, requiresFile: Bool = true
  ) throws(UsageError) -> (CommandOptions, [String]) {
    var options = CommandOptions(path: "")
    var files: [String] = []
    var index = 0
    func value(for option: String, inline: String?) throws(UsageError) -> String {
      if let inline { return inline }
      index += 1
      guard index < arguments.count else { throw .missingValue(option: option) }
      return arguments[index]
    }
    while index < arguments.count {
      let argument = arguments[index]
      // `--seed=7` is accepted as well as `--seed 7`.
      var name = argument
      var inlineValue: String?
      if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
        name = String(argument[..<equals])
        inlineValue = String(argument[argument.index(after: equals)...])
      } else if argument.hasPrefix("-D"), argument.count > 2 {
        // `-Dusers=200` as well as `-D users=200`.
        name = "-D"
        inlineValue = String(argument.dropFirst(2))
      }
      if name.hasPrefix("-"), name != "-", !allowed.contains(name) {
        throw .unknownOption(name, command: command)
      }
      switch name {
      case "--json": options.isJSON = true
      case "--emit-model": options.emitsModel = true
      case "--verbose": options.isVerbose = true
      case "--no-timing": options.omitsTiming = true
      case "--seed":
        let text = try value(for: name, inline: inlineValue)
        guard let seed = UInt64(text) else {
          throw .invalidValue(option: name, value: text, expected: "a non-negative integer")
        }
        options.seed = seed
      case "--max-iterations":
        let text = try value(for: name, inline: inlineValue)
        guard let count = Int(text), count >= 1 else {
          throw .invalidValue(option: name, value: text, expected: "a positive integer")
        }
        options.maxIterations = count
      case "-D":
        let text = try value(for: name, inline: inlineValue)
        guard let equals = text.firstIndex(of: "="), equals != text.startIndex else {
          throw .invalidValue(option: "-D", value: text, expected: "NAME=VALUE, such as users=200")
        }
        let key = String(text[..<equals]).trimmingCharacters(in: .whitespaces)
        let given = String(text[text.index(after: equals)...])
        guard !given.trimmingCharacters(in: .whitespaces).isEmpty else {
          throw .invalidValue(option: "-D", value: text, expected: "a value after '\(key)='")
        }
        guard !options.definitions.contains(where: { $0.name == key }) else {
          throw .invalidValue(
            option: "-D", value: text, expected: "one value per parameter ('\(key)' is given twice)"
          )
        }
        options.definitions.append(.init(name: key, value: given))
      case "--limit":
        let text = try value(for: name, inline: inlineValue)
        let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
        let names = ScriptLimits.names.map(\.name).joined(separator: ", ")
        guard parts.count == 2, let count = Int(parts[1]), count >= 1,
          options.limits.set(parts[0], to: count)
        else {
          throw .invalidValue(
            option: "--limit", value: text, expected: "NAME=N with NAME one of \(names)")
        }
      case "--csv":
        options.csvPath = try value(for: name, inline: inlineValue)
      case "--method":
        let text = try value(for: name, inline: inlineValue)
        guard let method = SolveMethod(rawValue: text) else {
          let names = SolveMethod.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
          throw .invalidValue(option: name, value: text, expected: "one of \(names)")
        }
        options.method = method
      default:
        files.append(argument)
      }
      index += 1
    }
    if files.count > 1 { throw .unexpectedArgument(files[1], command: command) }
    guard let path = files.first else {
      if requiresFile { throw .missingFile(command: command) }
      return (options, files)
    }
    if options.emitsModel, options.isJSON { throw .conflictingOptions("--emit-model", "--json") }
    options.path = path
    return (options, files)
  }
}
