-- Keep rep_loads.open_leads equal to the number of leads each person holds (status offered or owned),
-- whatever statement changes a lead: routing reads it instead of counting leads. The PostgreSQL twin of
-- drizzle/sqlite/0001_rep_loads.sql: one plpgsql function behind an AFTER INSERT and an AFTER UPDATE OF
-- status, owner_id trigger (SQLite needs three triggers: insert, release, take). Rows are never deleted
-- from rep_loads; a holder with no open lead keeps open_leads = 0, as on SQLite.
-- `SET search_path FROM CURRENT` pins the schema the migration ran in, so the unqualified rep_loads in the
-- body means this schema's table whatever the search_path of the session that fires the trigger.
CREATE FUNCTION "leads_rep_load"() RETURNS trigger
LANGUAGE plpgsql
SET search_path FROM CURRENT
AS $$
DECLARE
  released text; -- the holder that loses an open lead, if any
  taken text;    -- the holder that gains one, if any
BEGIN
  IF TG_OP = 'UPDATE' AND OLD."status" IN ('offered', 'owned') THEN
    released := OLD."owner_id";
  END IF;
  IF NEW."status" IN ('offered', 'owned') THEN
    taken := NEW."owner_id";
  END IF;
  -- offered → owned by the same person, or nobody involved: the count does not change.
  IF released IS NOT DISTINCT FROM taken THEN
    RETURN NULL;
  END IF;
  -- Touch the two rows in person_id order, so that two transactions moving leads A → B and B → A at
  -- the same time wait for each other instead of deadlocking.
  IF released IS NOT NULL AND (taken IS NULL OR released < taken) THEN
    UPDATE "rep_loads" SET "open_leads" = "open_leads" - 1 WHERE "person_id" = released;
    released := NULL;
  END IF;
  IF taken IS NOT NULL THEN
    INSERT INTO "rep_loads" ("person_id", "open_leads") VALUES (taken, 1)
    ON CONFLICT ("person_id") DO UPDATE SET "open_leads" = "rep_loads"."open_leads" + 1;
  END IF;
  IF released IS NOT NULL THEN
    UPDATE "rep_loads" SET "open_leads" = "open_leads" - 1 WHERE "person_id" = released;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "leads_load_insert" AFTER INSERT ON "leads"
FOR EACH ROW
WHEN (NEW."status" IN ('offered', 'owned') AND NEW."owner_id" IS NOT NULL)
EXECUTE FUNCTION "leads_rep_load"();
--> statement-breakpoint
CREATE TRIGGER "leads_load_update" AFTER UPDATE OF "status", "owner_id" ON "leads"
FOR EACH ROW
WHEN (OLD."status" IS DISTINCT FROM NEW."status" OR OLD."owner_id" IS DISTINCT FROM NEW."owner_id")
EXECUTE FUNCTION "leads_rep_load"();
--> statement-breakpoint
INSERT INTO "rep_loads" ("person_id", "open_leads")
SELECT "owner_id", count(*) FROM "leads" WHERE "status" IN ('offered', 'owned') AND "owner_id" IS NOT NULL GROUP BY "owner_id"
ON CONFLICT ("person_id") DO UPDATE SET "open_leads" = excluded."open_leads";
