"""The caches kept between builds, in one store (store.py: named caches under one stamp, its
JSON caches and its pruner; files.py: its named caches of files). Generic: what an entry
holds is checked by the module that makes it."""
