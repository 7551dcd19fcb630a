/// Malformed inputs for the diagnostics catalogue. `W` is a valid workload
/// block (6 lines) and `U` a valid user block (6 lines) to build on.
let W = """
  workload w {
    parameters 1 M
    samples 100
    sample-size 1 MB
    cycles-per-sample 1 Gcycles
  }
  """

let catalogueInputs: [(id: String, text: String)] = [
  ("unit-typo", "\(W)\nuser u1 {\n  at (0 m, 0 m)\n  cpu 2 Ghz\n  power 0.1 W\n  workload w\n}\n"),
  (
    "unit-typo-bandwidth",
    "\(W)\n\(U)\nserver g1 {\n  at (0 m, 0 m)\n  cpu 10 GHz\n  bandwidth 20 Mhz\n  power 1 W\n}\n"
  ),
  (
    "missing-brace-eof",
    "\(W)\nuser u1 {\n  at (0 m, 0 m)\n  cpu 2 GHz\n  power 0.1 W\n  workload w\n"
  ),
  (
    "missing-brace-before-declaration",
    "\(W)\nuser u1 {\n  at (0 m, 0 m)\n  cpu 2 GHz\n  power 0.1 W\n  workload w\nuser u2 {\n  at (0 m, 0 m)\n  cpu 2 GHz\n  power 0.1 W\n  workload w\n}\n"
  ),
  (
    "unknown-attribute",
    "\(W)\nuser u1 {\n  at (0 m, 0 m)\n  cpu 2 GHz\n  powr 0.1 W\n  workload w\n}\n"
  ),
  (
    "wrong-dimension",
    "\(W)\nuser u1 {\n  at (0 m, 0 m)\n  cpu 23 dBm\n  power 0.1 W\n  workload w\n}\n"
  ),
  (
    "plain-number-needs-unit",
    "\(W)\nuser u1 {\n  at (0 m, 0 m)\n  cpu 2000000000\n  power 0.1 W\n  workload w\n}\n"
  ),
  (
    "duplicate-name",
    "\(W)\n\(U)\nuser u1 {\n  at (0 m, 0 m)\n  cpu 2 GHz\n  power 0.1 W\n  workload w\n}\n"
  ),
  (
    "duplicate-attribute",
    "\(W)\nuser u1 {\n  at (0 m, 0 m)\n  cpu 2 GHz\n  cpu 3 GHz\n  power 0.1 W\n  workload w\n}\n"
  ),
  (
    "unknown-workload",
    "\(W)\nuser u1 {\n  at (0 m, 0 m)\n  cpu 2 GHz\n  power 0.1 W\n  workload v\n}\n"
  ),
  ("missing-required", "\(W)\nuser u1 {\n  at (0 m, 0 m)\n  power 0.1 W\n  workload w\n}\n"),
  ("pin-unknown-node", "\(W)\n\(U)\npin u1 -> g9\n"),
  ("pin-downward", "\(W)\n\(U)\n\(G)\npin g1 -> u1\n"),
  (
    "nan-literal",
    "\(W)\nuser u1 {\n  at (0 m, 0 m)\n  cpu nan GHz\n  power 0.1 W\n  workload w\n}\n"
  ),
  (
    "inf-number",
    "\(W)\nuser u1 {\n  at (0 m, 0 m)\n  cpu 1e999 GHz\n  power 0.1 W\n  workload w\n}\n"
  ),
  (
    "negative-bandwidth",
    "\(W)\n\(U)\nserver g1 {\n  at (0 m, 0 m)\n  cpu 10 GHz\n  bandwidth -20 MHz\n  power 1 W\n}\n"
  ),
  (
    "zero-samples",
    "workload w {\n  parameters 1 M\n  samples 0\n  sample-size 1 MB\n  cycles-per-sample 1 Gcycles\n}\n\(U)\n"
  ),
  ("shares-above-100", "\(W)\n\(U)\nshare local >= 60 %\nshare ground >= 50 %\n"),
  (
    "user-shares-above-100",
    "\(W)\nuser u1 {\n  at (0 m, 0 m)\n  cpu 2 GHz\n  power 0.1 W\n  workload w\n  share local >= 60 %\n  share ground >= 50 %\n}\n"
  ),
  (
    "share-lower-above-upper",
    "\(W)\nuser u1 {\n  at (0 m, 0 m)\n  cpu 2 GHz\n  power 0.1 W\n  workload w\n  share local >= 60 %\n  share local <= 40 %\n}\n"
  ),
  ("share-plain-percent", "\(W)\n\(U)\nshare local >= 20\n"),
  ("per-node-without-floors", "\(W)\n\(U)\n\(G)\nobjective per-node\n"),
  ("unterminated-string", "scenario \"relief\n\(W)\n\(U)\n"),
  ("stray-character", "\(W)\n\(U)\nnoise -174 dBm/Hz @\n"),
  ("empty-file", ""),
  ("no-users", "\(W)\n"),
  ("unknown-statement", "\(W)\n\(U)\nusr u2 {\n  cpu 1 GHz\n}\n"),
  ("slash-comment", "// a comment\n\(W)\n\(U)\n"),
  ("missing-name", "\(W)\n\(U)\nserver {\n  cpu 1 GHz\n}\n"),
  ("missing-value", "\(W)\nuser u1 {\n  at (0 m, 0 m)\n  cpu\n  power 0.1 W\n  workload w\n}\n"),
  (
    "trailing-token",
    "\(W)\nuser u1 {\n  at (0 m, 0 m)\n  cpu 2 GHz fast\n  power 0.1 W\n  workload w\n}\n"
  ),
  (
    "split-cycle-unit",
    "workload w {\n  parameters 1 M\n  samples 100\n  sample-size 1 MB\n  cycles-per-sample 2 G cycles\n}\n\(U)\n"
  ),
  (
    "position-missing-comma",
    "\(W)\nuser u1 {\n  at (0 m 0 m)\n  cpu 2 GHz\n  power 0.1 W\n  workload w\n}\n"
  ),
  (
    "position-one-coordinate",
    "\(W)\nuser u1 {\n  at (5 m)\n  cpu 2 GHz\n  power 0.1 W\n  workload w\n}\n"
  ),
  ("unknown-solve-method", "\(W)\n\(U)\nsolve paro\n"),
  ("unknown-solve-option", "\(W)\n\(U)\nsolve para seeds 3\n"),
  ("bad-tolerance", "\(W)\n\(U)\nsolve para tolerance 2\n"),
  ("unknown-report-section", "\(W)\n\(U)\nreport user\n"),
  ("report-before-solve", "\(W)\n\(U)\nreport users\nsolve\n"),
  ("unknown-environment", "\(W)\n\(U)\nchannel air al-hourani suburb\n"),
  ("wrong-channel-for-kind", "\(W)\n\(U)\nchannel space uma\n"),
  (
    "satellite-elevation-range",
    "\(W)\n\(U)\nsatellite s1 {\n  altitude 600 km\n  elevation 120 deg\n  cpu 10 GHz\n  bandwidth 400 MHz\n  power 10 W\n}\n"
  ),
  (
    "uav-without-altitude",
    "\(W)\n\(U)\nuav k1 {\n  at (0 m, 0 m)\n  cpu 10 GHz\n  bandwidth 10 MHz\n  power 1 W\n}\n"
  ),
  (
    "lora-and-parameters",
    "workload w {\n  parameters 1 M\n  lora {\n    rank 4\n    matrix 320 x 320\n  }\n  samples 100\n  sample-size 1 MB\n  cycles-per-sample 1 Gcycles\n}\n\(U)\n"
  ),
  (
    "lora-fractional-rank",
    "workload w {\n  lora {\n    rank 2.5\n    matrix 320 x 320\n  }\n  samples 100\n  sample-size 1 MB\n  cycles-per-sample 1 Gcycles\n}\n\(U)\n"
  ),
  (
    "matrix-without-spaces",
    "workload w {\n  lora {\n    rank 4\n    matrix 320x320\n  }\n  samples 100\n  sample-size 1 MB\n  cycles-per-sample 1 Gcycles\n}\n\(U)\n"
  ),
  (
    "capacity-fraction",
    "\(W)\n\(U)\nserver g1 {\n  at (0 m, 0 m)\n  cpu 10 GHz\n  bandwidth 20 MHz\n  power 1 W\n  capacity 2.5\n}\n"
  ),
  ("pin-and-forbid", "\(W)\n\(U)\n\(G)\npin u1 -> g1\nforbid u1 -> g1\n"),
  (
    "pin-skips-layer",
    "\(W)\n\(U)\n\(G)\nsatellite s1 {\n  altitude 600 km\n  elevation 40 deg\n  cpu 10 GHz\n  bandwidth 400 MHz\n  power 10 W\n}\npin u1 -> s1\n"
  ),
  ("unmatched-close-brace", "\(W)\n\(U)\n}\n"),
  ("deep-nesting", "\(W)\n\(U)\n" + String(repeating: "{", count: 5000) + "\n"),
  ("weights-both-zero", "\(W)\n\(U)\ndelay-weight 0 /s\nenergy-weight 0 /J\n"),
  ("negative-deadline", "\(W)\n\(U)\ndeadline -5 s\n"),
  ("gain-missing-equals", "\(W)\n\(U)\n\(G)\ngain u1 -> g1 -95 dB\n"),
]

/// A valid user block (6 lines) and ground server block (6 lines).
let U = """
  user u1 {
    at (0 m, 0 m)
    cpu 2 GHz
    power 0.1 W
    workload w
  }
  """

let G = """
  server g1 {
    at (0 m, 0 m)
    cpu 10 GHz
    bandwidth 20 MHz
    power 1 W
  }
  """
