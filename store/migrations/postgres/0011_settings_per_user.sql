-- 0011: on PostgreSQL each database user keeps her own settings (the
-- window's text size, last article, …): a team shares the database, not
-- these. owner is the database user who saved the setting; a setting saved
-- before is its migrating user's. (spanmark team init lets each member see
-- and change only her own rows.)
ALTER TABLE settings ADD COLUMN IF NOT EXISTS owner text COLLATE "C" NOT NULL DEFAULT current_user;
ALTER TABLE settings DROP CONSTRAINT settings_pkey;
ALTER TABLE settings ADD PRIMARY KEY (owner, key);
