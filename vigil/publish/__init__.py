"""The built site onto disk: written atomically, compressed, with what it publishes besides
the pages (assets, photos, cards, open data, the headers file)."""
