CREATE TABLE "journal" (
	"seq" bigint PRIMARY KEY NOT NULL,
	"transaction_id" text NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL,
	"sequenced_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "journal_transaction_id_unique" UNIQUE("transaction_id")
);
--> statement-breakpoint
CREATE TABLE "journal_queue" (
	"transaction_id" text PRIMARY KEY NOT NULL
);
--> statement-breakpoint
ALTER TABLE "journal" ADD CONSTRAINT "journal_transaction_id_transactions_id_fk" FOREIGN KEY ("transaction_id") REFERENCES "public"."transactions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journal_queue" ADD CONSTRAINT "journal_queue_transaction_id_transactions_id_fk" FOREIGN KEY ("transaction_id") REFERENCES "public"."transactions"("id") ON DELETE no action ON UPDATE no action;