import Foundation
import SaginCLI

exit(CommandLine.run(arguments: Array(CommandLine.arguments.dropFirst())))
