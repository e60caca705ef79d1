-- 0002: the article list (id, status, ordered by id) reads this index alone
-- instead of every article row with its text.
CREATE INDEX articles_list ON articles(id, status);
