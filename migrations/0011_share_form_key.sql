-- One link per render of the staff share form: the form carries a random key, kept
-- with the link it created and unique per issuer, so the same form sent twice (a double
-- press, a re-post) finds that link instead of making a second one. The portal role
-- already has INSERT/SELECT on share_links (0004).
ALTER TABLE "share_links" ADD COLUMN "form_key" uuid;--> statement-breakpoint
CREATE UNIQUE INDEX "share_links_form_key_unique" ON "share_links" USING btree ("created_by","form_key") WHERE "share_links"."form_key" is not null;