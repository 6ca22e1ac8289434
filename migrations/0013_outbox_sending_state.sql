ALTER TABLE "email_outbox" ADD COLUMN "sending_started_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "email_outbox" ADD COLUMN "message_id" text;--> statement-breakpoint
-- Delivery moved from a timer in the web process to jobs on the queue (pg-boss, schema pgboss,
-- installed by db/migrate.ts as this owner). An alert already waiting is picked up by the
-- queue's outbox sweep; nothing to copy.
COMMENT ON COLUMN "email_outbox"."sending_started_at" IS 'a worker is handing the message to SMTP since; stale = that worker died mid-send';
