DROP INDEX `leads_pool_idx`;--> statement-breakpoint
CREATE INDEX `leads_pool_order_idx` ON `leads` (`urgent`,`score`,(-"id")) WHERE "leads"."status" = 'pool';