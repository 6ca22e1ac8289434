-- The runtime role. Migrations run as the schema's owner; the portal and the domain
-- code connect as a login role that is (or is a member of) scanshare_app, which may
-- read and write the ordinary tables but only SELECT and INSERT audit_events. Not
-- being the owner, it also cannot disable or drop the append-only triggers; not being
-- a superuser, it cannot switch triggers off with session_replication_role.
--
-- Embedded defaults create scanshare_app as a LOGIN role with a generated password
-- before migrating (lib/audit/database-roles.ts). Elsewhere this creates it NOLOGIN
-- when it is missing (the migrating role needs CREATEROLE for that), and an operator
-- grants it to the login the portal uses: GRANT scanshare_app TO scanshare_portal;
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'scanshare_app') THEN
    BEGIN
      CREATE ROLE scanshare_app NOLOGIN;
    EXCEPTION WHEN insufficient_privilege THEN
      RAISE EXCEPTION 'role scanshare_app is missing and % may not create it', current_user
        USING HINT = 'As an administrator run: CREATE ROLE scanshare_app NOLOGIN; then migrate again (README, "Database roles").';
    END;
  END IF;
END $$;--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO scanshare_app;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO scanshare_app;--> statement-breakpoint
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO scanshare_app;--> statement-breakpoint
-- The audit trail: append and read events; read the chain (the database writes it).
REVOKE ALL ON audit_events, audit_chain FROM scanshare_app;--> statement-breakpoint
GRANT SELECT, INSERT ON audit_events TO scanshare_app;--> statement-breakpoint
GRANT SELECT ON audit_chain TO scanshare_app;--> statement-breakpoint
-- Tables and sequences that later migrations create (as this same owner) get the
-- ordinary grants automatically. Another append-only table must REVOKE like above.
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO scanshare_app;--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO scanshare_app;
