"""Pages of 协商与民主管理, one module per part of the issue."""
