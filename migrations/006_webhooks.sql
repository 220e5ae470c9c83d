-- The webhook outbox: one row per event and receiver, written in the transaction of the change
-- it reports, then claimed and sent by whichever instance gets to it first. No foreign key to
-- users: a user.deleted event must outlive its account.
CREATE TABLE webhook_deliveries (
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  event_id text NOT NULL,
  type text NOT NULL,
  url text NOT NULL,
  -- The exact JSON body: signed and sent byte for byte the same on every attempt.
  payload text NOT NULL,
  status text NOT NULL DEFAULT 'pending',
  attempts integer NOT NULL DEFAULT 0,
  -- When the next attempt may start; while an attempt runs, when its claim lapses.
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_status_code integer,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  delivered_at timestamptz,
  CONSTRAINT webhook_deliveries_pkey PRIMARY KEY (id),
  CONSTRAINT webhook_deliveries_status_check CHECK (status IN ('pending', 'delivered', 'failed'))
);

CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_created_idx ON webhook_deliveries (created_at, id);
