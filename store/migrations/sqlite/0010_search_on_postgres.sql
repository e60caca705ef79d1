-- 0010: nothing on SQLite. The PostgreSQL schema gained full-text search
-- (postgres/0010); SQLite has had it since 0006. Both engines keep one
-- schema version number.
SELECT 1;
