"""The site's features, each on the views and routes below it: badges, calendars,
statistics, corrections, open data, search, birthdays, the latest events."""
