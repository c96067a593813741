"""The `oncall-tui` subcommands (`init`, `doctor`, `auth`): one module each, registered in
oncall_tui.commands.catalog.COMMANDS. Each module offers `SUMMARY`, `add_arguments(parser)` and
`run(args) -> int` (see base.Command)."""
