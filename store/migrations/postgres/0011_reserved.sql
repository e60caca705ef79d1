-- Reserved for issue 18's roles (helper roles): a placeholder so that branch
-- live's 0012 runs; the lead drops this file when the real 0011 lands.
SELECT 1;
