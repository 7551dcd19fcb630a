// sagin-bench: builds scenarios of growing size in code, compiles and solves
// them with PARA, and prints compile time, solve time, iterations, F and
// peak memory per size. A benchmark, not a test: run it in release mode,
//
//     swift run -c release sagin-bench 100 1000 5000
//     swift run -c release sagin-bench --association 50 200 1000
//
// Layout of every scenario: users uniformly at random (fixed seed) in a
// 10 km x 10 km area; 10 ground servers on a 5 x 2 grid with 2 km coverage;
// 4 UAVs at 120 m covering 5 km; 2 LEO satellites at 600 km.
import Foundation
import SaginLanguage
import SaginModel
import SaginSolver

/// The generated scenario for `userCount` users.
func makeScenario(userCount: Int, seed: UInt64 = 2024) -> Scenario {
  var random = SplitMix64(seed: seed)
  var scenario = Scenario()
  scenario.name = "bench-\(userCount)"
  scenario.energyWeight = 0.5
  scenario.groundChannel = .logDistance
  scenario.airChannel = .alHourani(.suburban)
  scenario.spaceExtraLossDB = 2

  // LoRA rank 4 on a Stable Diffusion 1.5 UNet: about 0.8 M parameters.
  let workload = Workload(
    name: "sd15-lora", parameters: 797_184, samples: 50, bitsPerSample: 768 * 1024 * 8,
    cyclesPerSample: 100e9, epochs: 1)
  for k in 0..<userCount {
    var resources = NodeResources(cpu: 2e9, transmitPower: 0.2)
    resources.kappa = 1e-28
    let position = Position(
      east: random.unit() * 10_000, north: random.unit() * 10_000, height: 1.5)
    scenario.users.append(
      UserEntity(
        name: "u\(k + 1)", position: position, resources: resources, workload: workload))
  }

  for row in 0..<2 {
    for column in 0..<5 {
      var resources = NodeResources(cpu: 50e9, transmitPower: 2)
      resources.bandwidth = 20e6
      resources.antennaGainDBi = 15
      resources.noiseFigureDB = 5
      let position = Position(
        east: 1_000 + Double(column) * 2_000, north: 2_500 + Double(row) * 5_000, height: 25)
      var server = ServerEntity(
        name: "g\(row * 5 + column + 1)", layer: .ground, placement: .located(position),
        resources: resources)
      server.coverageRadius = 2_000
      scenario.servers.append(server)
    }
  }

  for k in 0..<4 {
    var resources = NodeResources(cpu: 20e9, transmitPower: 2)
    resources.bandwidth = 10e6
    resources.antennaGainDBi = 3
    resources.noiseFigureDB = 7
    let position = Position(
      east: 2_500 + Double(k % 2) * 5_000, north: 2_500 + Double(k / 2) * 5_000, height: 120)
    var uav = ServerEntity(
      name: "k\(k + 1)", layer: .uav, placement: .located(position), resources: resources)
    uav.coverageRadius = 5_000
    scenario.servers.append(uav)
  }

  for k in 0..<2 {
    var resources = NodeResources(cpu: 100e9, transmitPower: 10)
    resources.bandwidth = 400e6
    resources.antennaGainDBi = 38.5
    resources.noiseFigureDB = 2
    let elevation = (k == 0 ? 45.0 : 60.0) * Double.pi / 180
    scenario.servers.append(
      ServerEntity(
        name: "s\(k + 1)", layer: .satellite,
        placement: .orbit(altitude: 600e3, elevation: elevation), resources: resources))
  }
  return scenario
}

/// Peak resident set size of this process (VmHWM), in MiB; nil off Linux.
func peakMemoryMiB() -> Double? {
  guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else {
    return nil
  }
  for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
    let kilobytes = line.split(separator: " ").dropFirst().first.flatMap { Double($0) }
    return kilobytes.map { $0 / 1024 }
  }
  return nil
}

func seconds(since start: ContinuousClock.Instant) -> Double {
  let elapsed = ContinuousClock.now - start
  return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
}

func pad(_ text: String, _ width: Int) -> String {
  String(repeating: " ", count: max(0, width - text.count)) + text
}

// MARK: - Main

/// The REPL's re-solve: after a one-attribute edit (one ground server's
/// bandwidth up 10 %), a solve warm-started from the previous solution
/// against a cold one, on the same edited model.
func benchmarkResolve(users: Int) {
  var scenario = makeScenario(userCount: users)
  guard let model = ModelCompiler.compile(scenario).model,
    let first = try? ParaSolver.solve(model)
  else { exit(1) }
  if let server = scenario.servers.firstIndex(where: { $0.layer == .ground }) {
    scenario.servers[server].resources.bandwidth *= 1.1
  }
  guard let edited = ModelCompiler.compile(scenario).model,
    let cold = try? ParaSolver.solve(edited)
  else { exit(1) }
  var options = SolveOptions()
  options.warmStart = first.allocation
  guard let warm = try? ParaSolver.solve(edited, options: options) else { exit(1) }
  print("re-solve after a one-attribute edit, \(users) users:")
  print(String(format: "  cold: %.2f s, F %.5g", cold.seconds, cold.objective))
  print(
    String(
      format: "  warm: %.2f s, F %.5g (%@)", warm.seconds, warm.objective,
      warm.notes.first { $0.contains("warm") || $0.contains("cold") } ?? ""))
  print(String(format: "  warm is %.1fx faster", cold.seconds / max(warm.seconds, 1e-9)))
}

/// The interpreter alone: a 30-line script that generates `users` users
/// (random positions, a random CPU from a list, a template), 16 servers on a
/// grid and 9 UAVs; the time of `Frontend.parse` (lexing, parsing, running
/// the script, elaborating the scenario) and of the model compiler.
func benchmarkInterpreter(sizes: [Int]) {
  print("users   script lines  interpret (s)  compile (s)  users made  peak memory (MiB)")
  for users in sizes.sorted() {
    let script = """
      seed 7
      param users = \(users)
      workload w { parameters 0.8 M; samples 50; sample-size 768 KiB; cycles-per-sample 100 Gcycles }
      template user phone { cpu 2 GHz; power 23 dBm; workload w }
      template server macro { cpu 50 GHz; bandwidth 20 MHz; power 2 W; antenna 15 dBi; coverage 3 km }
      let side = 10 km
      let masts = grid((0 m, 0 m), (side, side), 4, 4)
      for k in 1..len(masts) {
        server "g{k}" from macro { at masts[k] }
      }
      let hovers = grid((0 m, 0 m), (side, side), 3, 3)
      for k in 1..len(hovers) {
        uav "k{k}" { at hovers[k]; altitude 120 m; cpu 20 GHz; bandwidth 10 MHz; power 2 W }
      }
      for i in 1..users {
        user "u{i}" from phone {
          at uniform-box((0 m, 0 m), (side, side))
          cpu choice([1.5, 2, 2.5]) * 1 GHz
        }
      }
      """
    var options = ScriptOptions()
    options.limits.entities = max(options.limits.entities, users + 100)
    options.limits.iterations = max(options.limits.iterations, users + 100)
    let start = ContinuousClock.now
    let (program, diagnostics) = Frontend.parse(
      source: SourceFile(path: "bench.sagin", text: script), options: options)
    let interpretSeconds = seconds(since: start)
    guard let program, diagnostics.isEmpty else {
      let text = diagnostics.map { $0.rendered(colour: false) }.joined(separator: "\n")
      FileHandle.standardError.write(Data("sagin-bench: \(text)\n".utf8))
      exit(1)
    }
    let compileStart = ContinuousClock.now
    _ = ModelCompiler.compile(program.scenario)
    let compileSeconds = seconds(since: compileStart)
    let cells = [
      "\(users)", "\(script.split(separator: "\n").count)",
      String(format: "%.3f", interpretSeconds), String(format: "%.3f", compileSeconds),
      "\(program.scenario.users.count)",
      peakMemoryMiB().map { String(format: "%.1f", $0) } ?? "n/a",
    ]
    print(zip(cells, [7, 13, 14, 12, 11, 18]).map { pad($0, $1) }.joined(separator: " "))
  }
}

/// CPU time of this process so far (all threads), s: unlike wall time it
/// does not grow when other work shares the machine.
func processorSeconds() -> Double {
  var usage = rusage()
  getrusage(RUSAGE_SELF.rawValue, &usage)
  let user = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) * 1e-6
  let system = Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) * 1e-6
  return user + system
}

/// Starts a new peak-memory measurement: writing 5 to clear_refs resets the
/// process's VmHWM to its current resident size (Linux 4.0 and later).
func resetPeakMemory() {
  try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
}

/// `para` (SDP association step) against `para-matching` on the generated
/// scenarios: time, F and peak memory of each solve (peak reset before each).
func benchmarkAssociation(sizes: [Int], blockSize: Int?, seed: UInt64) {
  let columns = [
    "users", "method", "seconds", "CPU (s)", "iterations", "F", "peak memory (MiB)", "notes",
  ]
  let widths = [6, 14, 9, 8, 11, 12, 18, 0]
  print(zip(columns, widths).map { pad($0, $1) }.joined(separator: " "))
  for size in sizes {
    let scenario = makeScenario(userCount: size, seed: seed)
    guard let model = ModelCompiler.compile(scenario).model else { exit(1) }
    for method in [SolveMethod.para, .paraMatching] {
      var options = SolveOptions()
      options.method = method
      if let blockSize { options.associationBlockSize = blockSize }
      resetPeakMemory()
      let cpuStart = processorSeconds()
      guard let outcome = try? ParaSolver.solve(model, options: options) else { exit(1) }
      let cpu = processorSeconds() - cpuStart
      let cells = [
        "\(size)", method.rawValue, String(format: "%.2f", outcome.seconds),
        String(format: "%.2f", cpu), "\(outcome.iterations)",
        String(format: "%.5g", outcome.objective),
        peakMemoryMiB().map { String(format: "%.1f", $0) } ?? "n/a",
        outcome.notes.joined(separator: "; "),
      ]
      print(zip(cells, widths).map { pad($0, $1) }.joined(separator: " "))
    }
  }
}

let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.contains("--help") || arguments.contains("-h") {
  print(
    "usage: sagin-bench [USERS ...]          solve generated scenarios (default: 100 1000 5000)")
  print(
    "       sagin-bench --resolve [USERS]    warm against cold re-solve after one edit (default 1000)"
  )
  print(
    "       sagin-bench --interpret [USERS ...]  run a generating script (default: 1000 10000 50000)"
  )
  print("       sagin-bench --association [--block B] [--seed S] [USERS ...]")
  print("                                        para against para-matching (default 50 200 1000)")
  exit(0)
}
if arguments.first == "--interpret" {
  let sizes = arguments.dropFirst().compactMap { Int($0) }
  benchmarkInterpreter(sizes: sizes.isEmpty ? [1000, 10_000, 50_000] : sizes)
  exit(0)
}
if arguments.first == "--association" {
  // `--block B` sets the most users per association SDP (default 50),
  // `--seed S` the scenario's user positions (default 2024).
  var rest = Array(arguments.dropFirst())
  func value(of flag: String) -> String? {
    guard let index = rest.firstIndex(of: flag), index + 1 < rest.count else { return nil }
    defer { rest.removeSubrange(index...(index + 1)) }
    return rest[index + 1]
  }
  let blockSize = value(of: "--block").flatMap { Int($0) }
  let seed = value(of: "--seed").flatMap { UInt64($0) } ?? 2024
  let sizes = rest.compactMap { Int($0) }.filter { $0 > 0 }
  benchmarkAssociation(
    sizes: sizes.isEmpty ? [50, 200, 1000] : sizes, blockSize: blockSize, seed: seed)
  exit(0)
}
if arguments.first == "--resolve" {
  benchmarkResolve(users: arguments.dropFirst().first.flatMap { Int($0) } ?? 1000)
  exit(0)
}
var sizes: [Int] = []
for argument in arguments {
  guard let size = Int(argument), size > 0 else {
    FileHandle.standardError.write(
      Data(
        "sagin-bench: error: expected a positive number of users, found '\(argument)'\n".utf8))
    exit(64)
  }
  sizes.append(size)
}
if sizes.isEmpty { sizes = [100, 1000, 5000] }

let columns = [
  "users", "nodes", "links", "compile (s)", "solve (s)", "iterations", "F",
  "status", "peak memory (MiB)",
]
let widths = [6, 6, 8, 12, 10, 11, 12, 19, 18]
print(zip(columns, widths).map { pad($0, $1) }.joined(separator: " "))
// Peak memory is the process's high-water mark, so sizes run in ascending order.
for size in sizes.sorted() {
  let scenario = makeScenario(userCount: size)
  let compileStart = ContinuousClock.now
  let compilation = ModelCompiler.compile(scenario)
  let compileSeconds = seconds(since: compileStart)
  guard let model = compilation.model else {
    let issues = compilation.issues.map(\.description).joined(separator: "; ")
    FileHandle.standardError.write(Data("sagin-bench: \(size) users: \(issues)\n".utf8))
    exit(1)
  }
  let outcome: SolveOutcome
  do {
    outcome = try ParaSolver.solve(model, options: SolveOptions())
  } catch {
    FileHandle.standardError.write(Data("sagin-bench: \(size) users: \(error)\n".utf8))
    exit(1)
  }
  let cells = [
    "\(model.users.count)", "\(model.nodes.count)", "\(model.links.count)",
    String(format: "%.3f", compileSeconds), String(format: "%.2f", outcome.seconds),
    "\(outcome.iterations)", String(format: "%.5g", outcome.objective), outcome.status.rawValue,
    peakMemoryMiB().map { String(format: "%.1f", $0) } ?? "n/a",
  ]
  print(zip(cells, widths).map { pad($0, $1) }.joined(separator: " "))
}
