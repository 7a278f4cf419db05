"""Reading the site's files into the model: source text, YAML syntax, the schemas, the data
files and the content (Markdown with front matter), links, and where files are."""
