"""The credscore command-line front end (subcommands dispatch to scoring/, training/, api/)."""
