import Foundation
import SaginCLI

exit(SaginCommand.run(arguments: Array(CommandLine.arguments.dropFirst())))
