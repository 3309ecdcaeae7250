"""Built-in sweep specs (`sevr sweep NAME`)."""
