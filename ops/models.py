"""ops keeps no records; with this module Django sends it post_migrate (the cache table)."""
