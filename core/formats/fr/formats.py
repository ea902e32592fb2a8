# Dates and times as French readers write them: « jeudi 3 décembre 2026, 19 h 30 », with no-break
# spaces that keep a time on one line. A time on the hour drops its minutes (« 19 h »), which no
# format letter can say: core.formats does it.
DATE_FORMAT = "l j F Y"
DATETIME_FORMAT = "l j F Y, G\u00a0\\h\u00a0i"
SHORT_DATETIME_FORMAT = "d/m/Y G\u00a0\\h\u00a0i"
TIME_FORMAT = "G\u00a0\\h\u00a0i"
