import Foundation

extension CommandLine {
  /// Runs the `sagin` command line and returns the process exit code.
  public static func run(arguments: [String]) -> Int32 {
    0
  }
}
