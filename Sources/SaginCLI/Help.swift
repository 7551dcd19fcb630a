/// The usage texts of `sagin` and its commands.
enum Help {
  static let version = "0.1.0"
  static let commands = ["run", "check", "solve", "repl", "fmt", "chart", "help"]

  static let general = """
    sagin \(version): resource allocation for PEFT training in space-air-ground networks

    usage: sagin <command> [options] FILE

    commands:
      run FILE          check, compile and solve a .sagin scenario, then report
      check FILE        report diagnostics only
      solve MODEL.json  solve a compiled-model document (from 'run --emit-model' or another tool)
      repl [FILE]       interactive session: edit a scenario, solve, query, save (also 'sagin'
                        alone on a terminal)
      fmt FILE...       lay .sagin files out in the canonical style ('--check' only reports)
      chart CSV         draw a sweep's CSV table (from 'run --csv') as an SVG line chart
      help [COMMAND]    show this help or a command's help

    options:
      -h, --help        show help
      --version         print the version

    Results go to standard output; diagnostics and progress to standard error.
    Exit codes: 0 success, 1 input error, 2 infeasible or numerical failure, 64 bad usage.
    """

  static let run = """
    usage: sagin run FILE [-D NAME=VALUE ...] [--seed N] [--limit NAME=N ...] [--json]
                          [--emit-model] [--csv FILE] [--method M] [--max-iterations N]
                          [--verbose] [--no-timing]

    Checks FILE, runs its script, compiles it into the PARA model and runs its 'solve',
    'report', 'print' and 'sweep' statements in order (a file without any 'solve' or
    'sweep' is solved once with 'para').

      -D NAME=VALUE       give the file's 'param NAME' another value (same kind and unit)
      --seed N            the scenario seed for generators and the solvers' randomized
                          steps (overrides the file's 'seed' and every 'solve ... seed N')
      --limit NAME=N      raise a safety limit: iterations, entities, include-depth,
                          nesting, sweep-points
      --json              write the result document (format 'sagin-result') instead of a
                          report ('sagin-sweep' documents for sweeps)
      --emit-model        write the compiled-model document (format 'sagin-model') and stop
      --csv FILE          also write each sweep's table as CSV (FILE, FILE-2.csv, ...)
      --method M          override the method of every 'solve' statement (not of sweeps or
                          'compare'): para, para-matching, exhaustive, random, nearest,
                          equal, local, full-offload, ratio-of-sums
      --max-iterations N  limit of PARA iterations (overrides the file)
      --verbose           print solver progress to standard error
      --no-timing         write 0 for 'seconds' so that outputs can be compared byte for byte

    example: sagin run examples/city.sagin -D "density=50 / 1 km^2" --seed 7 --json > city.json
    """

  static let check = """
    usage: sagin check FILE [-D NAME=VALUE ...] [--seed N] [--limit NAME=N ...]

    Parses FILE, runs its script and compiles the scenario, and prints the
    diagnostics; on success prints 'FILE: ok (N users, M servers, L links)'.
    The options are those of 'sagin run'.

    example: sagin check examples/tiny.sagin
    """

  static let repl = """
    usage: sagin repl [FILE] [-D NAME=VALUE ...] [--seed N] [--limit NAME=N ...]

    An interactive session on a scenario (FILE, or an empty one). Type .sagin text to
    add to the scenario, or a command: help, list, show, set, unset, drop, remove,
    solve, report, compare, sweep, print, explain, diff, undo, redo, source, save,
    load, quit. On a terminal, lines are edited with readline (history in
    ~/.sagin_history, Tab completion); with standard input
    piped, the session is a script: no prompts, and exit code 1 if any command failed.
    The options are those of 'sagin run' and apply to every check of the session.

    example: sagin repl examples/tiny.sagin < session.txt
    """

  static let solve = """
    usage: sagin solve MODEL.json [--json] [--seed N] [--method M]
                                  [--max-iterations N] [--verbose] [--no-timing]

    Solves a compiled-model document, as written by 'sagin run --emit-model' or by
    another tool, and reports like 'sagin run'.

    example: sagin run examples/tiny.sagin --emit-model > tiny.json && sagin solve tiny.json
    """

  static let fmt = """
    usage: sagin fmt FILE... [--check]

    Rewrites each FILE in place in the canonical layout of the language (2-space
    indentation, one statement per line, one space between words and around
    operators, comments kept) and prints 'formatted FILE' for each file it changed.
    A file with syntax errors is left as it is and its errors are printed.

      --check  write nothing; for each file not in the canonical layout print
               'FILE: not formatted' and its first differing line, and exit 1

    example: sagin fmt --check examples/*.sagin
    """

  static let chart = """
    usage: sagin chart CSV --x COLUMN --y COLUMN [--series COLUMN] [--where C=V ...]
                           [--spread std|minmax] [--log-y] [--title T] [--x-label L]
                           [--y-label L] [--markdown] [--out FILE.svg]

    Draws a CSV table, such as the one 'sagin run --csv' writes for a sweep, as an SVG
    line chart: one line per value of the series column, y averaged over the rows that
    share a series value and an x value (over seeds, say), with error bars.

      --x COLUMN        the horizontal axis; cells may carry a unit ('20 MHz', '120 m'),
                        which then labels the axis
      --y COLUMN        the vertical axis; several columns separated by commas
                        (--y pte_ground,pte_uav) draw one line each
      --where C=V       only the rows whose column C reads V (repeatable)
      --series COLUMN   one line per value of COLUMN, in order of first appearance
      --spread S        error bars: 'std', one sample standard deviation either side
                        (the default), or 'minmax', from the lowest to the highest value
      --log-y           a logarithmic vertical axis
      --markdown        print the points (mean ± error bar) as a Markdown table instead
      --title T         a title (none by default)
      --x-label L       the axis labels (by default the column names)
      --y-label L
      --out FILE.svg    where to write the chart (default: standard output)

    Rows whose status is not optimal-stationary or iteration-limit, and rows with an
    empty y, are skipped and counted on standard error.

    example: sagin run examples/campus.sagin --csv campus.csv
             sagin chart campus.csv --x over-aula.bandwidth --y F --series method --out f.svg
    """

  static let helpCommand = """
    usage: sagin help [COMMAND]

    Shows the general help, or the help of 'run', 'check', 'solve', 'repl' or 'fmt'.
    """

  /// The help of a command, or the general help.
  static func text(for topic: String?) -> String {
    switch topic {
    case "run": return run
    case "check": return check
    case "solve": return solve
    case "repl": return repl
    case "fmt": return fmt
    case "chart": return chart
    case "help": return helpCommand
    default: return general
    }
  }

  /// The first lines of a command's help (its usage line), for usage errors.
  static func usage(for topic: String?) -> String {
    guard topic != nil else {
      return "usage: sagin <command> [options] FILE  (see 'sagin --help')"
    }
    let lines = text(for: topic).split(separator: "\n", omittingEmptySubsequences: false)
    let usage = lines.prefix { !$0.isEmpty }.joined(separator: "\n")
    return usage + "\n(see 'sagin help \(topic ?? "")')"
  }
}
