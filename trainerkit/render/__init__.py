"""The writers: one module per output format, from the model to bytes."""
