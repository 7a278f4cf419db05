"""The site's features, each on the views and routes below it: badges, calendars,
the statistics' charts, corrections, open data, search, birthdays, the latest events."""
