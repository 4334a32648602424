"""Open311 GeoReport v2 (the civic issue reporting standard) on top of intake's use cases."""
