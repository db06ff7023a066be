"""The national-scale benchmark harness (`./dev bench`): see bench/README section in README.md."""
