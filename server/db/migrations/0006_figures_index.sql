ALTER TABLE "tasks" ADD COLUMN "deadline_done" boolean GENERATED ALWAYS AS (coalesce(deadline->>'kind' = 'done', false)) STORED NOT NULL;--> statement-breakpoint
-- The figures of the dashboard and the report read every task's status columns (and nothing
-- else) from this index, not from the wide task rows (drizzle cannot declare INCLUDE).
CREATE INDEX "tasks_figures_idx" ON "tasks" USING btree ("province_id") INCLUDE ("id", "document_id", "position", "due_on", "completed_on", "started_on", "state", "percent", "deadline_done");
--> statement-breakpoint
-- The lead units of the tasks the figures count, without reading the support rows or the heap.
CREATE INDEX "task_units_lead_idx" ON "task_units" USING btree ("task_id") INCLUDE ("unit_id") WHERE "role" = 'lead';
