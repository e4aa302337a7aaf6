CREATE TABLE "plan_imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"province_id" uuid NOT NULL,
	"file_id" uuid,
	"file_name" text NOT NULL,
	"format" text NOT NULL,
	"document_id" uuid,
	"preview" jsonb NOT NULL,
	"state" text DEFAULT 'preview' NOT NULL,
	"result" jsonb,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"committed_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "task_links" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"province_id" uuid NOT NULL,
	"task_id" uuid NOT NULL,
	"other_task_id" uuid NOT NULL,
	"state" text DEFAULT 'proposed' NOT NULL,
	"similarity" integer NOT NULL,
	"proposed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "task_unit_groups" (
	"province_id" uuid NOT NULL,
	"task_id" uuid NOT NULL,
	"group_id" uuid NOT NULL,
	"role" text NOT NULL,
	CONSTRAINT "task_unit_groups_task_id_group_id_pk" PRIMARY KEY("task_id","group_id")
);
--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "link_group_id" uuid;--> statement-breakpoint
ALTER TABLE "plan_imports" ADD CONSTRAINT "plan_imports_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_imports" ADD CONSTRAINT "plan_imports_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_links" ADD CONSTRAINT "task_links_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_links" ADD CONSTRAINT "task_links_other_task_id_tasks_id_fk" FOREIGN KEY ("other_task_id") REFERENCES "public"."tasks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_links" ADD CONSTRAINT "task_links_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_unit_groups" ADD CONSTRAINT "task_unit_groups_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_unit_groups" ADD CONSTRAINT "task_unit_groups_group_id_unit_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."unit_groups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "plan_imports_province_idx" ON "plan_imports" USING btree ("province_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "task_links_pair_idx" ON "task_links" USING btree ("task_id","other_task_id");--> statement-breakpoint
CREATE INDEX "task_links_other_idx" ON "task_links" USING btree ("other_task_id");--> statement-breakpoint
CREATE INDEX "task_unit_groups_group_idx" ON "task_unit_groups" USING btree ("group_id");--> statement-breakpoint
CREATE INDEX "tasks_link_group_idx" ON "tasks" USING btree ("link_group_id");