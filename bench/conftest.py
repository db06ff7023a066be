# Generated data and Datasette's virtualenv live in bench/var: never collect tests there.
collect_ignore = ["var"]
