-- Undoes 006_webhooks.sql.
DROP TABLE IF EXISTS webhook_deliveries;
