"""Market pages, one module per noun: showrooms, listings, channels, fairs, maps."""
