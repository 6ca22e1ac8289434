ALTER TABLE "share_links" ADD COLUMN "recipient_email" text;--> statement-breakpoint
CREATE INDEX "share_links_recipient_idx" ON "share_links" USING btree ("recipient_email");