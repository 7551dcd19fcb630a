import Foundation
import SaginCLI

/// What one `sagin` invocation did.
struct SaginRun {
  var exitCode: Int32
  var output: String
  var error: String
}

/// Runs `sagin` in-process with captured output.
func sagin(_ arguments: String...) -> SaginRun {
  sagin(arguments)
}

func sagin(_ arguments: [String]) -> SaginRun {
  let captured = CapturedConsole()
  let code = SaginCommand.run(arguments: arguments, console: captured.console)
  return SaginRun(
    exitCode: code, output: captured.standardOutput, error: captured.standardError)
}

/// A fresh directory for one test's files.
func temporaryDirectory() throws -> URL {
  let url = FileManager.default.temporaryDirectory
    .appendingPathComponent("sagin-cli-tests-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  return url
}

/// Writes `text` to `name` in a fresh directory and returns its path.
func writeFile(_ name: String, _ text: String) throws -> String {
  let url = try temporaryDirectory().appendingPathComponent(name)
  try text.write(to: url, atomically: true, encoding: .utf8)
  return url.path
}

/// Two users and one ground server whose channels are explicit gains, so
/// nothing depends on geometry: small enough to solve in a test.
let twoUserSource = """
  scenario "two-users"

  noise -174 dBm/Hz
  delay-weight 1 /s
  energy-weight 1 /J

  workload small {
    parameters 1 M
    samples 100
    sample-size 1 MB
    cycles-per-sample 1 Gcycles
    epochs 1
  }

  user u1 {
    at (100 m, 0 m)
    cpu 1 GHz
    power 0.1 W
    workload small
  }

  user u2 {
    at (0 m, 200 m)
    cpu 1 GHz
    power 0.1 W
    workload small
  }

  server g1 {
    at (0 m, 0 m)
    cpu 10 GHz
    bandwidth 2 MHz
    power 1 W
  }

  gain u1 -> g1 = -100 dB
  gain u2 -> g1 = -110 dB

  """
