CREATE TABLE "product_demand_forecasts" (
	"model_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"as_of" date NOT NULL,
	"daily_mean_7" double precision NOT NULL,
	"daily_std_7" double precision NOT NULL,
	"daily_mean_30" double precision NOT NULL,
	"daily_std_30" double precision NOT NULL,
	"demand_7" double precision NOT NULL,
	"demand_30" double precision NOT NULL,
	"source" text NOT NULL,
	"units_in_window" integer NOT NULL,
	CONSTRAINT "product_demand_forecasts_model_id_product_id_pk" PRIMARY KEY("model_id","product_id"),
	CONSTRAINT "product_demand_nonnegative" CHECK ("product_demand_forecasts"."daily_mean_7" >= 0 and "product_demand_forecasts"."daily_mean_30" >= 0),
	CONSTRAINT "product_demand_source_valid" CHECK ("product_demand_forecasts"."source" in ('product_history', 'category_pooled'))
);
--> statement-breakpoint
ALTER TABLE "product_demand_forecasts" ADD CONSTRAINT "product_demand_forecasts_model_id_ml_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."ml_models"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_demand_forecasts" ADD CONSTRAINT "product_demand_forecasts_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "product_demand_product_idx" ON "product_demand_forecasts" USING btree ("product_id");