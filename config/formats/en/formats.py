"""English date formats of the site: 24-hour times, so no date ends in "a.m." and a sentence ending with one
never shows a double full stop ("4:28 a.m.."); day before month, as most of the world reads it."""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
TIME_FORMAT = "H:i"
