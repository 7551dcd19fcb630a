// swift-tools-version:5.9
import PackageDescription

// The pipeline, one module per stage:
//   SaginLanguage (lexer, parser, units, elaboration into a Scenario)
//   -> SaginModel (scenario entities, channel physics, the compiled PARA model)
//   -> SaginSolver (the PARA algorithm and baselines, through Ipopt and DSDP)
//   -> SaginCLI (commands, reports, JSON), with `sagin` a thin executable.
let package = Package(
  name: "sagin",
  products: [
    .executable(name: "sagin", targets: ["sagin"])
  ],
  targets: [
    .systemLibrary(name: "CIpopt", path: "Sources/CIpopt"),
    .systemLibrary(name: "CDSDP", path: "Sources/CDSDP"),
    .systemLibrary(name: "CReadline", path: "Sources/CReadline"),
    .target(name: "SaginModel"),
    .target(name: "SaginLanguage", dependencies: ["SaginModel"]),
    .target(name: "SaginSolver", dependencies: ["SaginModel", "CIpopt", "CDSDP"]),
    .target(
      name: "SaginCLI", dependencies: ["SaginLanguage", "SaginModel", "SaginSolver", "CReadline"]),
    .executableTarget(name: "sagin", dependencies: ["SaginCLI"]),
    .executableTarget(
      name: "sagin-bench", dependencies: ["SaginCLI", "SaginLanguage", "SaginModel", "SaginSolver"]),
    .testTarget(name: "SaginModelTests", dependencies: ["SaginModel"]),
    .testTarget(name: "SaginLanguageTests", dependencies: ["SaginLanguage", "SaginModel"]),
    .testTarget(name: "SaginSolverTests", dependencies: ["SaginSolver", "SaginModel"]),
    .testTarget(name: "SaginCLITests", dependencies: ["SaginCLI", "SaginLanguage"]),
  ]
)
