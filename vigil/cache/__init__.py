"""The caches kept between builds (store.py: the content cache; card_cache.py: the share
cards'). Generic: what an entry holds is checked by the module that makes it."""
