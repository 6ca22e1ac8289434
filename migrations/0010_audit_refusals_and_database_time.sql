CREATE TABLE "audit_refusal_windows" (
	"actor_key" text PRIMARY KEY NOT NULL,
	"window_started_at" timestamp with time zone NOT NULL,
	"refusals" integer NOT NULL
);
--> statement-breakpoint
-- The portal counts refusals per actor here and may rewrite its own rows (the
-- default privileges of migration 0004 grant that); nothing in it is evidence.
GRANT SELECT, INSERT, UPDATE, DELETE ON audit_refusal_windows TO scanshare_app;--> statement-breakpoint
-- The database says when an event happened, not its writer: whatever occurred_at an
-- INSERT carries is replaced by the database's clock at the moment the row is
-- written, so no role that may append to the trail can date a row in the past (or
-- the future) and forge the order of events. BEFORE INSERT: the chain trigger
-- (0003/0006, AFTER INSERT, deferred to COMMIT) hashes the row as stored, with this
-- time. clock_timestamp(), not now(): now() is the transaction's start, which a
-- writer holding a transaction open could push back at will. Only the owner can
-- switch this off (ALTER TABLE … DISABLE TRIGGER), as it can every other guard.
CREATE FUNCTION audit_events_database_time() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.occurred_at := clock_timestamp();
  RETURN NEW;
END;
$$;--> statement-breakpoint
CREATE TRIGGER audit_events_database_time
  BEFORE INSERT ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_database_time();
