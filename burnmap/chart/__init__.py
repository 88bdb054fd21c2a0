"""The Lund-Browder body chart, shared by window and report: shapes, burns in place, plane geometry,
and the burns entered on the chart itself."""
