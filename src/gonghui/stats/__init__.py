"""The statistics that write the report: the indicator catalogue, targets, dashboards and the annual work report."""
