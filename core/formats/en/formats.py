# Dates as English readers write them: "Thursday, December 3, 2026, 7:00 p.m.".
DATE_FORMAT = "l, F j, Y"
DATETIME_FORMAT = "l, F j, Y, P"
SHORT_DATETIME_FORMAT = "m/d/Y P"
TIME_FORMAT = "P"
