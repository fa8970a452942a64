"""newslint's built-in rules. Every module here is a rule module: the rule classes it defines
are registered, and every `*.toml` file here is a pattern pack. A plugin module registered
under the `newslint.rules` entry point looks exactly like one of these."""
