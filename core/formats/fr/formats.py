# Dates and times as French readers write them: « jeudi 3 décembre 2026, 19 h 30 ». A time on the
# hour drops its minutes (« 19 h »), which no format letter can say: core.formats does it.
DATE_FORMAT = "l j F Y"
DATETIME_FORMAT = r"l j F Y, G \h i"
SHORT_DATETIME_FORMAT = r"d/m/Y G \h i"
TIME_FORMAT = r"G \h i"
