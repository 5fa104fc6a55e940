"""Labour protection: inspectors by level, Ankang Cup honours, enterprises under classified safety management."""
