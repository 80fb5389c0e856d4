"""Teams: the same core on a shared PostgreSQL database, with many senders.

Nothing here is imported for a desktop (SQLite) database: psycopg loads only when a
``postgresql://`` location is opened.
"""
