"""The `oncall-tui` subcommands (`init`, `doctor`, `auth`): one module each, registered in
oncall_tui.cli.COMMANDS. Each module offers `SUMMARY`, `add_arguments(parser)` and
`run(args) -> int` (see base.Command)."""
