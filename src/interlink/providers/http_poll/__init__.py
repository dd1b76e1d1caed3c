"""Any JSON API polled on a schedule, its records mapped to points with JMESPath."""
