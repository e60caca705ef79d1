-- 0011: nothing on SQLite. On PostgreSQL each database user keeps her own
-- settings (migrations/postgres/0011); an SQLite file is one person's.
SELECT 1;
