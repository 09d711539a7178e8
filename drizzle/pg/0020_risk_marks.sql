CREATE TABLE "risk_marks" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" bigint NOT NULL,
	"lead_id" bigint NOT NULL,
	"deal_id" bigint,
	"signal" text NOT NULL,
	"phrase" text NOT NULL,
	"excerpt" text NOT NULL,
	"source" text NOT NULL,
	"source_ref" text NOT NULL,
	"actor_id" text
);
--> statement-breakpoint
CREATE INDEX "risk_marks_signal_lead_idx" ON "risk_marks" USING btree ("signal","lead_id");--> statement-breakpoint
CREATE INDEX "risk_marks_lead_idx" ON "risk_marks" USING btree ("lead_id","id");--> statement-breakpoint
-- The signals raised on deals before this table existed (events of type deal.risk) become past cases too.
INSERT INTO "risk_marks" ("at", "lead_id", "deal_id", "signal", "phrase", "excerpt", "source", "source_ref", "actor_id")
SELECT "at", "lead_id", ("data"::jsonb->>'dealId')::bigint, "data"::jsonb->>'signal',
  coalesce("data"::jsonb->>'phrase', ''), coalesce("data"::jsonb->>'excerpt', ''),
  coalesce("data"::jsonb->>'source', 'note'), coalesce("data"::jsonb->>'sourceRef', ''), "actor_id"
FROM "events" WHERE "type" = 'deal.risk' AND "lead_id" IS NOT NULL AND "data"::jsonb->>'signal' IS NOT NULL
ORDER BY "id";
