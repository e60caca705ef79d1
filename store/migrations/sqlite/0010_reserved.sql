-- Reserved for issue 18's PostgreSQL search (helper pgbulk, branch pgsearch):
-- a placeholder so that branch live's 0012 runs; the lead drops this file
-- when the real 0010 lands.
SELECT 1;
