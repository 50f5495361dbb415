CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"username" text NOT NULL,
	"password_hash" text NOT NULL,
	"role" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_username_unique" UNIQUE("username"),
	CONSTRAINT "users_role_valid" CHECK ("users"."role" in ('admin', 'superuser', 'staff', 'customer')),
	CONSTRAINT "users_password_is_hash" CHECK ("users"."password_hash" like '$%')
);
--> statement-breakpoint
CREATE TABLE "inventory_alerts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"analysis_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"alert_type" text NOT NULL,
	"urgency_level" smallint NOT NULL,
	"current_stock" integer NOT NULL,
	"recommended_stock" integer NOT NULL,
	"predicted_demand_7days" double precision NOT NULL,
	"predicted_demand_30days" double precision NOT NULL,
	"estimated_stockout_date" date,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"is_resolved" boolean DEFAULT false NOT NULL,
	"resolved_at" timestamp with time zone,
	"resolved_by" uuid,
	"note" text,
	"superseded_at" timestamp with time zone,
	CONSTRAINT "inventory_alerts_type_valid" CHECK ("inventory_alerts"."alert_type" in ('reorder_now', 'low_stock', 'slow_moving', 'overstock', 'high_demand')),
	CONSTRAINT "inventory_alerts_urgency_range" CHECK ("inventory_alerts"."urgency_level" between 1 and 5),
	CONSTRAINT "inventory_alerts_resolved_has_time" CHECK (not "inventory_alerts"."is_resolved" or "inventory_alerts"."resolved_at" is not null)
);
--> statement-breakpoint
CREATE TABLE "inventory_analyses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"as_of" date NOT NULL,
	"job_id" text,
	"params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"products_analyzed" integer NOT NULL,
	"demand_source" text NOT NULL,
	"summary" jsonb NOT NULL,
	"products" jsonb DEFAULT '[]'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "customer_segments" (
	"model_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"cluster" smallint NOT NULL,
	"segment_type" text NOT NULL,
	"confidence_score" double precision NOT NULL,
	"characteristics" jsonb NOT NULL,
	"lifetime_value_prediction" numeric(12, 2),
	CONSTRAINT "customer_segments_model_id_customer_id_pk" PRIMARY KEY("model_id","customer_id"),
	CONSTRAINT "customer_segments_confidence_range" CHECK ("customer_segments"."confidence_score" >= 0 and "customer_segments"."confidence_score" <= 1)
);
--> statement-breakpoint
CREATE TABLE "ml_models" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"model_type" text NOT NULL,
	"algorithm" text NOT NULL,
	"version" integer NOT NULL,
	"is_active" boolean DEFAULT false NOT NULL,
	"params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"metrics" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"artifact" jsonb NOT NULL,
	"data_from" date,
	"data_to" date,
	"records_used" integer DEFAULT 0 NOT NULL,
	"trained_at" timestamp with time zone DEFAULT now() NOT NULL,
	"job_id" text,
	CONSTRAINT "ml_models_type_valid" CHECK ("ml_models"."model_type" in ('sales_forecast', 'product_recommendation', 'customer_segmentation')),
	CONSTRAINT "ml_models_version_positive" CHECK ("ml_models"."version" > 0)
);
--> statement-breakpoint
CREATE TABLE "predictions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"model_id" uuid NOT NULL,
	"prediction_type" text NOT NULL,
	"input" jsonb NOT NULL,
	"output" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"user_id" uuid
);
--> statement-breakpoint
CREATE TABLE "product_recommendations" (
	"model_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"recommended_product_id" uuid NOT NULL,
	"score" double precision NOT NULL,
	"rank" smallint NOT NULL,
	"method" text NOT NULL,
	CONSTRAINT "product_recommendations_model_id_product_id_method_rank_pk" PRIMARY KEY("model_id","product_id","method","rank"),
	CONSTRAINT "product_recommendations_score_range" CHECK ("product_recommendations"."score" >= 0 and "product_recommendations"."score" <= 1),
	CONSTRAINT "product_recommendations_rank_positive" CHECK ("product_recommendations"."rank" >= 1),
	CONSTRAINT "product_recommendations_not_self" CHECK ("product_recommendations"."product_id" <> "product_recommendations"."recommended_product_id"),
	CONSTRAINT "product_recommendations_method_valid" CHECK ("product_recommendations"."method" in ('bought_together', 'similar', 'hybrid'))
);
--> statement-breakpoint
CREATE TABLE "training_logs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"model_type" text NOT NULL,
	"job_id" text NOT NULL,
	"attempt" integer DEFAULT 1 NOT NULL,
	"status" text DEFAULT 'started' NOT NULL,
	"params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"duration_seconds" double precision,
	"metrics" jsonb,
	"error" text,
	"model_id" uuid,
	"records_used" integer,
	CONSTRAINT "training_logs_type_valid" CHECK ("training_logs"."model_type" in ('sales_forecast', 'product_recommendation', 'customer_segmentation')),
	CONSTRAINT "training_logs_status_valid" CHECK ("training_logs"."status" in ('started', 'completed', 'failed')),
	CONSTRAINT "training_logs_completed_has_model" CHECK ("training_logs"."status" <> 'completed' or "training_logs"."model_id" is not null)
);
--> statement-breakpoint
CREATE TABLE "customers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"external_id" text NOT NULL,
	"email" text,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "customers_external_id_unique" UNIQUE("external_id"),
	CONSTRAINT "customers_email_unique" UNIQUE("email")
);
--> statement-breakpoint
CREATE TABLE "order_items" (
	"order_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"quantity" integer NOT NULL,
	"unit_price" numeric(12, 2) NOT NULL,
	CONSTRAINT "order_items_order_id_product_id_pk" PRIMARY KEY("order_id","product_id"),
	CONSTRAINT "order_items_quantity_positive" CHECK ("order_items"."quantity" > 0),
	CONSTRAINT "order_items_unit_price_nonnegative" CHECK ("order_items"."unit_price" >= 0)
);
--> statement-breakpoint
CREATE TABLE "orders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"external_id" text NOT NULL,
	"customer_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'paid' NOT NULL,
	"total" numeric(12, 2) NOT NULL,
	CONSTRAINT "orders_external_id_unique" UNIQUE("external_id"),
	CONSTRAINT "orders_status_valid" CHECK ("orders"."status" in ('paid', 'cancelled', 'refunded')),
	CONSTRAINT "orders_total_nonnegative" CHECK ("orders"."total" >= 0)
);
--> statement-breakpoint
CREATE TABLE "products" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"sku" text NOT NULL,
	"name" text NOT NULL,
	"category" text NOT NULL,
	"brand" text,
	"color" text,
	"size" text,
	"material" text,
	"price" numeric(12, 2) NOT NULL,
	"cost" numeric(12, 2) NOT NULL,
	"stock" integer DEFAULT 0 NOT NULL,
	"lead_time_days" integer DEFAULT 7 NOT NULL,
	"image_url" text,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "products_sku_unique" UNIQUE("sku"),
	CONSTRAINT "products_price_nonnegative" CHECK ("products"."price" >= 0),
	CONSTRAINT "products_cost_nonnegative" CHECK ("products"."cost" >= 0),
	CONSTRAINT "products_stock_nonnegative" CHECK ("products"."stock" >= 0),
	CONSTRAINT "products_lead_time_positive" CHECK ("products"."lead_time_days" > 0)
);
--> statement-breakpoint
ALTER TABLE "inventory_alerts" ADD CONSTRAINT "inventory_alerts_analysis_id_inventory_analyses_id_fk" FOREIGN KEY ("analysis_id") REFERENCES "public"."inventory_analyses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_alerts" ADD CONSTRAINT "inventory_alerts_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_alerts" ADD CONSTRAINT "inventory_alerts_resolved_by_users_id_fk" FOREIGN KEY ("resolved_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_segments" ADD CONSTRAINT "customer_segments_model_id_ml_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."ml_models"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_segments" ADD CONSTRAINT "customer_segments_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "predictions" ADD CONSTRAINT "predictions_model_id_ml_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."ml_models"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "predictions" ADD CONSTRAINT "predictions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_recommendations" ADD CONSTRAINT "product_recommendations_model_id_ml_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."ml_models"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_recommendations" ADD CONSTRAINT "product_recommendations_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_recommendations" ADD CONSTRAINT "product_recommendations_recommended_product_id_products_id_fk" FOREIGN KEY ("recommended_product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_logs" ADD CONSTRAINT "training_logs_model_id_ml_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."ml_models"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_items" ADD CONSTRAINT "order_items_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_items" ADD CONSTRAINT "order_items_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "inventory_alerts_one_open_per_product_type" ON "inventory_alerts" USING btree ("product_id","alert_type") WHERE not "inventory_alerts"."is_resolved" and "inventory_alerts"."superseded_at" is null;--> statement-breakpoint
CREATE INDEX "inventory_alerts_analysis_idx" ON "inventory_alerts" USING btree ("analysis_id");--> statement-breakpoint
CREATE INDEX "inventory_alerts_created_at_idx" ON "inventory_alerts" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "inventory_analyses_created_at_idx" ON "inventory_analyses" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "customer_segments_model_cluster_idx" ON "customer_segments" USING btree ("model_id","cluster");--> statement-breakpoint
CREATE UNIQUE INDEX "ml_models_type_version_key" ON "ml_models" USING btree ("model_type","version");--> statement-breakpoint
CREATE UNIQUE INDEX "ml_models_one_active_per_type" ON "ml_models" USING btree ("model_type") WHERE "ml_models"."is_active";--> statement-breakpoint
CREATE INDEX "ml_models_trained_at_idx" ON "ml_models" USING btree ("trained_at");--> statement-breakpoint
CREATE INDEX "predictions_created_at_idx" ON "predictions" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "predictions_model_idx" ON "predictions" USING btree ("model_id");--> statement-breakpoint
CREATE INDEX "training_logs_started_at_idx" ON "training_logs" USING btree ("started_at");--> statement-breakpoint
CREATE INDEX "training_logs_job_idx" ON "training_logs" USING btree ("job_id");--> statement-breakpoint
CREATE INDEX "order_items_product_idx" ON "order_items" USING btree ("product_id");--> statement-breakpoint
CREATE INDEX "orders_paid_created_at_idx" ON "orders" USING btree ("created_at") WHERE "orders"."status" = 'paid';--> statement-breakpoint
CREATE INDEX "orders_customer_created_at_idx" ON "orders" USING btree ("customer_id","created_at");--> statement-breakpoint
CREATE INDEX "products_category_idx" ON "products" USING btree ("category");