import Foundation
import SaginModel
import SaginSolver

/// `sagin solve MODEL.json`: solve a compiled-model document and report.
struct SolveCommand {
  let options: CommandOptions
  let console: Console

  func run() -> Int32 {
    let path = options.path
    guard let data = FileManager.default.contents(atPath: path) else {
      console.error("\(path): error: cannot read the model document: no such file or not readable")
      return ExitCode.inputError
    }
    guard let text = String(data: data, encoding: .utf8) else {
      console.error("\(path): error: the model document is not UTF-8 text")
      return ExitCode.inputError
    }
    let model: ParaModel
    do {
      model = try ParaModel.parse(modelDocument: text)
    } catch {
      console.error("\(path): error: \(error.description)")
      if error.path.isEmpty, !text.trimmingCharacters(in: .whitespacesAndNewlines).hasPrefix("{") {
        console.error(
          "  hint: 'sagin solve' reads a compiled-model document (from"
            + " 'sagin run FILE --emit-model'); to solve a scenario file, use 'sagin run \(path)'")
      }
      return ExitCode.inputError
    }

    var runner = SolveRunner(model: model, options: options, console: console, title: path)
    let settings = runner.solveOptions(
      method: options.method ?? .para, seed: nil, tolerance: nil, maxIterations: nil)
    guard let outcome = runner.solve(settings) else { return runner.exitCode }
    runner.report(outcome, sections: [])
    runner.finish()
    return runner.exitCode
  }
}
