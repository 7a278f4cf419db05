"""What every page is made of: routes (paths and URLs), views of the records, the page
context's base and frame, languages and catalogs, assets."""
