-- SQLite only (its read workers cache the deal stage log, src/store/sql/stage-log.ts): nothing changes here. The
-- migration exists on both databases so their migrations keep the same tags (test/schema-parity.test.ts).
SELECT 1;
