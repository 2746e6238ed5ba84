"""Load stage: source files → plain data with source positions."""
