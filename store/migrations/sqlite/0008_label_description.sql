-- 0008: a label carries its guideline: when to use it (Labels editor,
-- `spanmark labels --set`); the window shows it as the palette's tooltip.
ALTER TABLE labels ADD COLUMN description TEXT NOT NULL DEFAULT '';
